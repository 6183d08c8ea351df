import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatFingerprint, type ReportStatus } from '@crosswalk/shared';
import JSZip from 'jszip';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClosedFocus } from '../../server/src/demo/demo-closed-review.ts';
import { useDemoServer } from '../support/demo-app.ts';
import type { ErrorBody } from '../support/fixtures.ts';

/**
 * The agreed report leaves the platform (docs/reports.md): the files are parsed as their readers would, Word's XML
 * from the zip and the PDF through Poppler's pdfinfo and pdftotext, and checked for what they must and must not hold.
 */

const run = promisify(execFile);
const CLOSED = '6b1d0000-0000-4000-8000-000000000210';
const THIS_YEAR = '6b1d0000-0000-4000-8000-000000000201';
const HOST_HEAD = 'host.head@fenbrook.demo';
const CHAMPION = 'champion@littlewaltham.demo';
const LEAD = 'lead.reviewer@summercroft.demo';
const PEER = 'reviewer@hempshill.demo';
const PARTNERSHIP_LEAD = 'partnership.lead@crosswalk.demo';
const OUTSIDER = 'head@northgate.demo';

const FINDINGS = [
  ['S01', 'Reception phonics sessions are brisk and consistent, and every pupil takes part.', 'E02'],
  ['S02', 'Pupils apply what they learn in phonics to spelling and writing.', 'E08, E06'],
  ['D01', 'Two schemes with different sound cards confuse some pupils moving from Reception to Year 1.', 'E01, E03'],
  ['D02', 'Pupils at risk of falling behind are checked too rarely to be helped quickly.', 'E04, E07'],
  ['D03', 'Teaching assistants who lead catch-up groups are untrained.', 'E05'],
  ['Q01', 'How can reading books be matched more closely to the sounds each pupil knows?', 'E06'],
] as const;
/**
 * An evidence observation: only in copies whose reader may read the evidence log. One without hyphens, which
 * pdftotext drops where a line breaks after one.
 */
const OBSERVATION = 'Brisk session; every pupil says the sound and blends with the teacher; actions used consistently.';

const demo = useDemoServer([HOST_HEAD, CHAMPION, LEAD, PEER, PARTNERSHIP_LEAD, OUTSIDER]);
let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'crosswalk-report-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Downloads a file as the signed-in person, keeping the bytes. */
async function download(email: string, path: string) {
  const client = demo.as(email);
  const response = await fetch(`${client.baseUrl}${path}`, {
    headers: { cookie: client.cookieHeader, origin: client.origin ?? '' },
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body };
}

async function docxText(file: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(file);
  return (await zip.file('word/document.xml')?.async('string')) ?? '';
}

/** Word splits text into runs; the words of the document in order, without the markup. */
const wordsOf = (xml: string) =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1] ?? '')
    .join('')
    .replaceAll('&amp;', '&');

let pdfCount = 0;
async function pdfFacts(file: Buffer): Promise<{ info: string; text: string; structure: string }> {
  const path = join(scratch, `report-${++pdfCount}.pdf`);
  await writeFile(path, file);
  const [info, text, structure] = await Promise.all([
    run('pdfinfo', [path]),
    run('pdftotext', ['-enc', 'UTF-8', path, '-']),
    run('pdfinfo', ['-struct', path]),
  ]);
  return { info: info.stdout, text: flat(text.stdout), structure: structure.stdout };
}

/** pdftotext joins a word hyphenated at a line break ("catch-" "up" → "catchup"): compare text without hyphens. */
const flat = (text: string) => text.replaceAll('-', '').replace(/\s+/g, ' ');

describe('the agreed report as Word and PDF', () => {
  it('gives the host headteacher a Word file with headings, lists, tables, the question and every finding', async () => {
    const file = await download(HOST_HEAD, `/api/reviews/${CLOSED}/report.docx`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('wordprocessingml.document');
    expect(file.headers.get('content-disposition')).toMatch(
      /^attachment; filename="fenbrook-primary-[0-9-]+-peer-review-report\.docx"$/,
    );
    const xml = await docxText(file.body);
    const words = wordsOf(xml);
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading3"/>');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('<w:tblHeader');
    expect(xml).toContain('<w:numPr>');
    expect(words).toContain(demoClosedFocus.question);
    for (const [label, text, refs] of FINDINGS) {
      expect(words).toContain(`${label}: ${text} (Evidence: ${refs}.`);
    }
    // The host head reads the evidence log, so the appendix is there; and the later sections from the live documents.
    expect(words).toContain(OBSERVATION);
    expect(words).toContain('Improvement workshop record');
    expect(words).toContain('Train every teacher and teaching assistant who teaches phonics');
    expect(words).toContain('Host school confidential');
    expect(words).toMatch(/Fingerprint \(SHA-256\) of the agreed version([0-9a-f]{8} ){7}[0-9a-f]{8}/);
    const core = (await (await JSZip.loadAsync(file.body)).file('docProps/core.xml')?.async('string')) ?? '';
    expect(core).toContain('<dc:title>Peer review report: Fenbrook Primary');
    expect(core).toContain('<dc:language>en-GB</dc:language>');
    const footers = await Promise.all(
      Object.values((await JSZip.loadAsync(file.body)).files)
        .filter((f) => /^word\/footer\d*\.xml$/.test(f.name))
        .map((f) => f.async('string')),
    );
    // Word fills in the PAGE and NUMPAGES fields: "Page n of m" in every footer.
    expect(footers.join()).toMatch(/Page .*PAGE.* of .*NUMPAGES/s);
  });

  it('gives a tagged PDF with its title, whose text holds the question, every finding and its evidence', async () => {
    const file = await download(HOST_HEAD, `/api/reviews/${CLOSED}/report.pdf`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(
      /filename="fenbrook-primary-[0-9-]+-peer-review-report\.pdf"/,
    );
    const { info, text, structure } = await pdfFacts(file.body);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Peer review report: Fenbrook Primary, /m);
    for (const tag of ['H1', 'H2', 'H3', 'P', 'L', 'LI', 'Table', 'TR', 'TH', 'TD']) {
      expect(structure).toMatch(new RegExp(`^\\s+${tag}\\b`, 'm'));
    }
    expect(text).toContain(flat(demoClosedFocus.question));
    for (const [label, findingText, refs] of FINDINGS) {
      expect(text).toContain(flat(`${label}: ${findingText} (Evidence: ${refs}.`));
    }
    expect(text).toContain(flat(OBSERVATION));
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Page 1 of ${String(pages)}`);
    expect(text).toContain(`Page ${String(pages)} of ${String(pages)}`);
  });

  it('audits every download', async () => {
    const sql = postgres(demo.server.databaseUrl ?? '', { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ detail: { kind: string; format: string } }[]>`
        select detail from audit_events where action = 'report.exported' and subject_id = ${CLOSED}`;
      expect(rows.map((r) => `${r.detail.kind}.${r.detail.format}`)).toEqual(
        expect.arrayContaining(['full.docx', 'full.pdf']),
      );
    } finally {
      await sql.end();
    }
  });

  it('gives the improvement champion a briefing pack with the findings and, unless shared, no evidence', async () => {
    expect((await download(CHAMPION, `/api/reviews/${CLOSED}/report.pdf`)).status).toBe(200);
    const pack = await download(CHAMPION, `/api/reviews/${CLOSED}/report.docx?part=briefing`);
    expect(pack.status).toBe(200);
    expect(pack.headers.get('content-disposition')).toContain('champion-briefing-pack.docx');
    const words = wordsOf(await docxText(pack.body));
    expect(words).toContain('Improvement champion’s briefing pack');
    expect(words).toContain(demoClosedFocus.question);
    for (const [label, text] of FINDINGS) {
      expect(words).toContain(`${label}: ${text}`);
    }
    expect(words).not.toContain(OBSERVATION);
    expect(words).not.toContain('Evidence appendix');
    expect(words).not.toContain('Feedback record');
    // Not even the full report shows the champion the evidence log they were not given.
    const full = await pdfFacts((await download(CHAMPION, `/api/reviews/${CLOSED}/report.pdf`)).body);
    expect(full.text).not.toContain(flat(OBSERVATION));
  });

  it('adds the evidence to the briefing pack once the host shares the evidence log with the champion', async () => {
    const sql = postgres(demo.server.databaseUrl ?? '', { max: 1, onnotice: () => {} });
    try {
      await sql`update reviews set sharing = sharing || '{"evidenceWithChampion": true}'::jsonb where id = ${CLOSED}`;
      const pack = await pdfFacts((await download(CHAMPION, `/api/reviews/${CLOSED}/report.pdf?part=briefing`)).body);
      expect(pack.text).toContain('Evidence appendix');
      expect(pack.text).toContain(flat(OBSERVATION));
    } finally {
      await sql`update reviews set sharing = sharing || '{"evidenceWithChampion": false}'::jsonb where id = ${CLOSED}`;
      await sql.end();
    }
  });

  it('leaves out of each reader’s copy the parts they may not read', async () => {
    // Peer reviewers do not see the workshop record; the action plan they may read.
    const words = wordsOf(await docxText((await download(PEER, `/api/reviews/${CLOSED}/report.docx`)).body));
    expect(words).toContain(FINDINGS[4][1]);
    expect(words).toContain(OBSERVATION);
    expect(words).not.toContain('Improvement workshop record');
    expect(words).not.toContain('The second scheme was kept when the school changed schemes');
    expect(words).toContain('Train every teacher and teaching assistant who teaches phonics');
  });

  it('answers 404 to anyone who may not read the findings, whatever the copy', async () => {
    for (const email of [OUTSIDER, PARTNERSHIP_LEAD]) {
      for (const path of ['report.docx', 'report.pdf', 'report.pdf?part=briefing', 'report.docx?part=governors']) {
        const response = await download(email, `/api/reviews/${CLOSED}/${path}`);
        expect({ email, path, status: response.status }).toEqual({ email, path, status: 404 });
      }
      expect((await demo.as(email).get(`/api/reviews/${CLOSED}/report`)).status).toBe(404);
    }
    // The governors' version is the host school's; the lead reviewer and the champion do not get it.
    expect((await download(LEAD, `/api/reviews/${CLOSED}/report.docx?part=governors`)).status).toBe(404);
    expect((await download(CHAMPION, `/api/reviews/${CLOSED}/report.docx?part=governors`)).status).toBe(404);
    expect((await download(HOST_HEAD, `/api/reviews/${CLOSED}/report.docx?part=everything`)).status).toBe(400);
  });

  it('answers 409 with the reason before the report is agreed', async () => {
    const response = await demo.as(HOST_HEAD).get(`/api/reviews/${THIS_YEAR}/report.pdf`);
    expect(response.status).toBe(409);
    expect((response.body as ErrorBody).error.message).toMatch(/once the host headteacher has accepted it/);
    const status = (await demo.as(HOST_HEAD).get(`/api/reviews/${THIS_YEAR}/report`)).body as ReportStatus;
    expect(status).toMatchObject({ available: false, fingerprint: null });
    expect(status.reason).toMatch(/Report agreed/);
  });

  it('lets the host headteacher choose what the governors’ version holds, and no one else', async () => {
    const before = (await demo.as(HOST_HEAD).get(`/api/reviews/${CLOSED}/report`)).body as ReportStatus;
    expect(before).toMatchObject({ available: true, canChooseGovernorSections: true });
    expect(before.kinds).toEqual(['full', 'briefing', 'governors']);
    expect(before.fingerprint).toMatch(/^([0-9a-f]{8} ){7}[0-9a-f]{8}$/);
    // The same fingerprint the history shows for the signed version.
    const history = (await demo.as(HOST_HEAD).get(`/api/reviews/${CLOSED}/versions`)).body as {
      versions: { fingerprint: string }[];
    };
    expect(history.versions.map((v) => formatFingerprint(v.fingerprint))).toContain(before.fingerprint);

    const path = `/api/reviews/${CLOSED}/report/governor-sections`;
    expect((await demo.as(LEAD).request('PUT', path, { sections: ['findings'] })).status).toBe(403);
    expect((await demo.as(OUTSIDER).request('PUT', path, { sections: ['findings'] })).status).toBe(404);
    expect((await demo.as(HOST_HEAD).request('PUT', path, { sections: ['focus'] })).status).toBe(400);
    const chosen = await demo.as(HOST_HEAD).request('PUT', path, { sections: ['sign_offs', 'findings', 'impact'] });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toEqual({ sections: ['findings', 'impact', 'sign_offs'] });

    const governors = await download(HOST_HEAD, `/api/reviews/${CLOSED}/report.pdf?part=governors`);
    expect(governors.headers.get('content-disposition')).toContain('peer-review-report-for-governors.pdf');
    const { text } = await pdfFacts(governors.body);
    expect(text).toContain('Peer review report for governors');
    expect(text).toContain(flat(FINDINGS[0][1]));
    expect(text).toContain('Impact review');
    expect(text).toContain('Signoff');
    expect(text).not.toContain(flat(demoClosedFocus.question));
    expect(text).not.toContain(flat(OBSERVATION));
    expect(text).not.toContain('Feedback record');
  });
});
