import { createRequire } from 'node:module';
import type { ReportBlock, ReportDocument } from '@crosswalk/shared';
import PDFDocument from 'pdfkit';

/**
 * The agreed report as an accessible PDF (PDF/UA-style tagging): a structure tree with H1–H3, P, L/LI/Lbl/LBody and
 * Table/TR/TH/TD, the document title shown in the title bar, en-GB as its language, and an embedded font (Atkinson
 * Hyperlegible, SIL Open Font Licence, from its npm package) so the text is real, selectable text.
 */

const require = createRequire(import.meta.url);
const fontFile = (weight: 400 | 700) =>
  require.resolve(`@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin-${weight}-normal.woff`);
const REGULAR = fontFile(400);
const BOLD = fontFile(700);

const HeadingSize: Record<1 | 2 | 3, number> = { 1: 20, 2: 15, 3: 12.5 };
const BODY = 10.5;
const CELL_PADDING = 4;

/** pdfkit's own table options accept a structure parent; its type definitions have not caught up. */
type TaggedTableOptions = Parameters<PDFKit.PDFDocument['table']>[0] & { structParent: PDFKit.PDFStructureElement };
type TaggedCell = { text: string; type: 'TH' | 'TD'; scope?: 'Column'; font?: { src: string } };

export async function renderPdf(report: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: report.language,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: report.title, Subject: report.confidentiality, Creator: 'Crosswalk' },
    // Kept until the end, so every page can say how many there are.
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  doc.registerFont('Body', REGULAR);
  doc.registerFont('Bold', BOLD);
  const root = doc.struct('Document');
  doc.addStructure(root);

  for (const block of report.blocks) {
    renderBlock(doc, root, block);
  }
  root.end();
  numberPages(doc, report.confidentiality);
  doc.end();
  return done;
}

/** "Page n of m" and the confidentiality label at the foot of every page, marked as pagination, not content. */
function numberPages(doc: PDFKit.PDFDocument, confidentiality: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottom / 2 - BODY / 2;
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('Body').fontSize(BODY - 1.5);
    doc.text(confidentiality, doc.page.margins.left, y, { width, align: 'left', lineBreak: false });
    doc.text(`Page ${String(index - start + 1)} of ${String(count)}`, doc.page.margins.left, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

function renderBlock(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, block: ReportBlock): void {
  switch (block.kind) {
    case 'heading': {
      if (doc.y > doc.page.height - doc.page.margins.bottom - (block.level <= 2 ? 140 : 90)) {
        doc.addPage();
      }
      doc.moveDown(block.level === 1 ? 0 : 0.8);
      doc
        .font('Bold')
        .fontSize(HeadingSize[block.level])
        .text(block.text, { structParent: root, structType: `H${block.level}` });
      doc.moveDown(0.3);
      return;
    }
    case 'paragraph': {
      doc.fontSize(BODY);
      if (block.label) {
        doc.font('Bold').text(`${block.label}: `, { structParent: root, structType: 'P', continued: true });
        doc.font('Body').text(block.text);
      } else {
        doc.font('Body').text(block.text, { structParent: root, structType: 'P' });
      }
      doc.moveDown(0.4);
      return;
    }
    case 'list': {
      const list = doc.struct('L');
      root.add(list);
      doc
        .font('Body')
        .fontSize(BODY)
        .list(block.items, {
          structParent: list,
          listType: block.ordered ? 'numbered' : 'bullet',
          bulletRadius: 2,
          paragraphGap: 3,
        });
      list.end();
      doc.moveDown(0.4);
      return;
    }
    case 'table': {
      // A caption and header row alone at the foot of a page help nobody: start the table on the next page.
      if (doc.y > doc.page.height - doc.page.margins.bottom - 120) {
        doc.addPage();
      }
      doc.font('Bold').fontSize(BODY).text(block.caption, { structParent: root, structType: 'Caption' });
      doc.moveDown(0.2);
      const header: TaggedCell[] = block.header.map((text) => ({
        text,
        type: 'TH',
        scope: 'Column',
        font: { src: BOLD },
      }));
      const rows: TaggedCell[][] = block.rows.map((row) => row.map((text) => ({ text, type: 'TD' })));
      doc.font('Body').fontSize(block.header.length > 5 ? 8.5 : 9.5);
      const options: TaggedTableOptions = {
        structParent: root,
        columnStyles: columnWidths(doc, block, doc.page.width - doc.page.margins.left - doc.page.margins.right),
        defaultStyle: { padding: CELL_PADDING, border: 0.5, borderColor: '#6b6b6b' },
        data: [header, ...rows],
      };
      doc.table(options);
      doc.x = doc.page.margins.left;
      doc.moveDown(0.6);
      return;
    }
  }
}

/**
 * Each column is at least as wide as its longest word (so no word breaks letter by letter); the rest of the width
 * goes to the columns that hold the most text.
 */
function columnWidths(
  doc: PDFKit.PDFDocument,
  block: Extract<ReportBlock, { kind: 'table' }>,
  width: number,
): number[] {
  const padding = 2 * CELL_PADDING + 2;
  const columns = block.header.map((heading, column) => [heading, ...block.rows.map((row) => row[column] ?? '')]);
  const least = columns.map(
    (cells) =>
      // Header cells are bold, a little wider than the body text measured here.
      Math.max(...cells.flatMap((cell) => cell.split(/\s+/).map((word) => doc.widthOfString(word)))) * 1.15 + padding,
  );
  const weights = columns.map((cells) => Math.min(Math.max(...cells.map((cell) => cell.length)), 60));
  const spare = Math.max(0, width - least.reduce((sum, w) => sum + w, 0));
  const totalWeight = weights.reduce((sum, w) => sum + w, 0) || 1;
  return least.map((w, i) => w + (spare * (weights[i] ?? 0)) / totalWeight);
}
