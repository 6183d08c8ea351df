import JSZip from 'jszip';
import { when, type ExportSubject, type SectionContent, type SubjectAccessSection } from './section.ts';

export interface CollectedSection {
  section: SubjectAccessSection;
  content: SectionContent;
}

/** The README: what the download is, what each file holds, and what is left out on purpose. */
function readme(subject: ExportSubject, madeAt: Date, sections: readonly CollectedSection[]): string {
  return [
    'Everything Crosswalk holds about you',
    '====================================',
    '',
    `This download holds the personal data Crosswalk keeps about ${subject.displayName} (${subject.email}).`,
    `It was made on ${when(madeAt)} (UK time), under your right of access in UK data protection law.`,
    '',
    'Start with summary.txt: it says the same as the other files in plain sentences. The .json files hold the',
    'same records in full, in a form other computer programs can read (any text editor opens them too). Dates in',
    'the .json files are in UTC, written like 2026-03-03T09:00:00.000Z.',
    '',
    'The files',
    '---------',
    '',
    'summary.txt',
    '  Everything below in plain sentences, section by section.',
    '',
    ...sections.flatMap(({ section, content }) => [
      `${section.file}.json (${section.title})`,
      ...wrap(section.explains, 2),
      ...(content.lines.length === 0 ? ['  Crosswalk holds nothing of this kind about you.'] : []),
      '',
    ]),
    'What is not included, and why',
    '-----------------------------',
    '',
    ...wrap(
      'Secrets: your password, the codes that keep you signed in, and the links in invitations and password emails are never kept in a readable form, so they are not here.',
    ),
    ...wrap(
      'Other people’s personal details: where a record names someone else (who invited you, who added you to a review team), only their name is given, never their email address.',
    ),
    ...wrap(
      'Reviews’ documents: the enquiry documents and reports belong to the reviews and their schools. The comments, notes, corrections and updates you wrote in them are included above; the rest can be read in Crosswalk by those with a place on the review.',
    ),
    '',
    'If something is missing or wrong, ask your Crosswalk administrator or your school’s data protection officer.',
    '',
  ].join('\r\n');
}

/** The readable summary: each section's heading and its sentences. */
function summary(subject: ExportSubject, madeAt: Date, sections: readonly CollectedSection[]): string {
  const lines = [`What Crosswalk holds about ${subject.displayName}`, `Made on ${when(madeAt)} (UK time)`, ''];
  for (const { section, content } of sections) {
    lines.push(section.title, '-'.repeat(section.title.length));
    lines.push(...(content.lines.length > 0 ? content.lines.map((l) => `- ${l}`) : ['Nothing of this kind.']));
    lines.push(`(In full: ${section.file}.json)`, '');
  }
  return lines.join('\r\n');
}

/** Breaks a paragraph into lines of at most 110 characters, indented. */
function wrap(text: string, indent = 0): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > 110 - indent) {
      out.push(' '.repeat(indent) + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) {
    out.push(' '.repeat(indent) + line);
  }
  return out;
}

/** The ZIP: README.txt, summary.txt and one JSON file per section, in memory (a person's data is small). */
export async function buildArchive(
  subject: ExportSubject,
  madeAt: Date,
  sections: readonly CollectedSection[],
): Promise<Buffer> {
  const zip = new JSZip();
  // Each file is dated when the download was made, as an unzip program shows it.
  const date = madeAt;
  zip.file('README.txt', readme(subject, madeAt, sections), { date });
  zip.file('summary.txt', summary(subject, madeAt, sections), { date });
  for (const { section, content } of sections) {
    const file = { section: section.title, about: section.explains, ...content.data };
    zip.file(`${section.file}.json`, `${JSON.stringify(file, null, 2)}\n`, { date });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
