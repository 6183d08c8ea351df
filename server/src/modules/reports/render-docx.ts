import type { ReportBlock, ReportDocument } from '@crosswalk/shared';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import JSZip from 'jszip';

/**
 * The agreed report as a Word document: Word's own Heading 1–3 styles (so the navigation pane and screen readers
 * find the structure), real bulleted and numbered lists, real tables with a repeating header row, the title and
 * en-GB language in the document's properties, the confidentiality label in every page header and "Page n of m"
 * in every footer.
 */

const Heading = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const NUMBERED = 'report-numbered';
/** Word's own "Strong" character style, for labels and header cells. */
const STRONG = 'Strong';

const STRONG_RUN = { bold: true } as const;

export async function renderDocx(report: ReportDocument): Promise<Buffer> {
  let numberedLists = 0;
  const children: (Paragraph | Table)[] = [];
  for (const block of report.blocks) {
    if (block.kind === 'list' && block.ordered) {
      numberedLists += 1;
    }
    children.push(...renderBlock(block, numberedLists));
  }
  const document = new Document({
    title: report.title,
    subject: report.confidentiality,
    creator: 'Crosswalk',
    description: `${report.title}. ${report.confidentiality}.`,
    styles: {
      default: { document: { run: { font: 'Arial', size: 22, language: { value: report.language } } } },
      characterStyles: [{ id: STRONG, name: 'Strong', basedOn: 'DefaultParagraphFont', run: STRONG_RUN }],
    },
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [
      {
        headers: {
          default: new Header({ children: [new Paragraph({ children: [new TextRun(report.confidentiality)] })] }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.END,
                children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return withCoreLanguage(await Packer.toBuffer(document), report.language);
}

/** The docx package writes no `dc:language` into the core properties; add it so the file says it is en-GB. */
async function withCoreLanguage(file: Buffer, language: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(file);
  const core = await zip.file('docProps/core.xml')?.async('string');
  if (!core || core.includes('<dc:language>')) {
    return file;
  }
  zip.file(
    'docProps/core.xml',
    core.replace('</cp:coreProperties>', `<dc:language>${language}</dc:language></cp:coreProperties>`),
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function renderBlock(block: ReportBlock, numberedList: number): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ text: block.text, heading: Heading[block.level] })];
    case 'paragraph':
      return [
        new Paragraph({
          children: [
            ...(block.label ? [new TextRun({ text: `${block.label}: `, style: STRONG })] : []),
            new TextRun(block.text),
          ],
        }),
      ];
    case 'list':
      return block.items.map((item) =>
        block.ordered
          ? new Paragraph({ text: item, numbering: { reference: NUMBERED, level: 0, instance: numberedList } })
          : new Paragraph({ text: item, bullet: { level: 0 } }),
      );
    case 'table':
      return [
        new Paragraph({ children: [new TextRun({ text: block.caption, style: STRONG })], style: 'Caption' }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              children: block.header.map((text) => cell(text, true)),
            }),
            ...block.rows.map(
              (row) => new TableRow({ cantSplit: true, children: row.map((text) => cell(text, false)) }),
            ),
          ],
        }),
        new Paragraph({ text: '' }),
      ];
  }
}

/** One cell; line breaks in the text become paragraphs of their own. */
function cell(text: string, header: boolean): TableCell {
  const lines = text === '' ? [''] : text.split('\n');
  return new TableCell({
    children: lines.map(
      (line) => new Paragraph({ children: [new TextRun(header ? { text: line, style: STRONG } : line)] }),
    ),
  });
}
