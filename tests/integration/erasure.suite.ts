import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ErasedPersonName,
  ErasedTextPlaceholder,
  documentName,
  workshopFragment,
  type CollabTicketAnswer,
  type SchoolStaff,
} from '@crosswalk/shared';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { DEMO_PASSWORD, addAccount, withDemoData } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { columnsHolding } from '../support/phrase-search.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const run = promisify(execFile);
const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const HEMPSHILL = '6b1d0000-0000-4000-8000-000000000103';
const STARTUP_TIMEOUT_MS = 180_000;

type Who = 'author' | 'colleague' | 'lead' | 'partnershipLead' | 'admin';
const EMAIL: Record<Who, string> = {
  author: 'reviewer@hempshill.demo', // Hempshill's headteacher: writes, comments and signs; then asks to be erased
  colleague: 'link.lead@hempshill.test', // the host link lead, added below: writes in the same paragraph
  lead: 'lead.reviewer@summercroft.demo',
  partnershipLead: 'partnership.lead@crosswalk.demo',
  admin: 'admin@crosswalk.demo',
};

/** Words the author writes: unique to this run, so finding them anywhere means they were not erased. */
const PHRASE = `Quillwort ${randomBytes(6).toString('hex')} harbour`;
const BEFORE = 'The staff said ';
const AFTER = ' and everyone agreed.';

/** The paragraph's text in a rich-text fragment, whatever its formatting. */
function paragraphs(fragment: Y.XmlFragment): string[] {
  return fragment
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
    .map((element) =>
      element
        .toArray()
        .map((child) => (child instanceof Y.XmlText ? child.toJSON().replace(/<[^>]+>/g, '') : ''))
        .join(''),
    );
}

/**
 * Erasure under UK GDPR, end to end: a person types a unique phrase into the live enquiry document (with real
 * y-websocket clients), into a comment, a factual correction and an action update, a named version is saved and
 * they sign the report alone; then an administrator erases them, and the phrase is found nowhere: in no column of
 * any table (text, jsonb, bytea …), in neither report export, nor in a connected colleague's editor, while the
 * colleague's words in the same paragraph stay and the signature reads as a former member of staff.
 */
export function erasureSuite(engine: 'postgres' | 'embedded'): void {
  let server: TestServer;
  let reviewId = '';
  const ids: Partial<Record<Who, string>> = {};
  const clients: Partial<Record<Who, HttpClient>> = {};
  const editors: TestClient[] = [];
  let authorEditor: TestClient;
  let colleagueEditor: TestClient;
  const as = (who: Who) => clients[who] as HttpClient;
  const sql = () => server.crosswalk.db.sql;

  async function download(who: Who, format: 'docx' | 'pdf'): Promise<Buffer> {
    const response = await fetch(`${server.url}/api/reviews/${reviewId}/report.${format}`, {
      headers: { cookie: as(who).cookieHeader },
    });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  /** The text of both report exports, whitespace made single (a PDF breaks lines where it must). */
  async function exportedText(): Promise<string> {
    const zip = await JSZip.loadAsync(await download('lead', 'docx'));
    const parts = await Promise.all(
      Object.values(zip.files)
        .filter((file) => !file.dir && /\.(xml|rels)$/.test(file.name))
        .map((file) => file.async('string')),
    );
    const docx = parts.map((xml) => xml.replace(/<[^>]+>/g, '')).join(' ');
    const dir = await mkdtemp(join(tmpdir(), 'crosswalk-erasure-'));
    try {
      const path = join(dir, 'report.pdf');
      await writeFile(path, await download('lead', 'pdf'));
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path, '-']);
      return `${docx}\n${stdout}`.replaceAll('-\n', '').replace(/\s+/g, ' ');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Every file of the author's data download (subject access), as an administrator fetches it. */
  async function authorsDownload(): Promise<Record<string, string>> {
    const response = await fetch(`${server.url}/api/admin/people/${ids.author ?? ''}/export`, {
      headers: { cookie: as('admin').cookieHeader },
    });
    expect(response.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
    const files = Object.values(zip.files).filter((file) => !file.dir);
    const texts = await Promise.all(
      files.map(async (file): Promise<[string, string]> => [file.name, await file.async('string')]),
    );
    return Object.fromEntries(texts);
  }

  async function openWorkshop(who: Who): Promise<TestClient> {
    const answer = (await as(who).get(`/api/reviews/${reviewId}/collab`)).body as CollabTicketAnswer;
    const part = answer.documents.find((d) => d.section === 'workshop');
    expect(part?.access).toBe('write');
    const editor = connectClient(answer.url, part?.name ?? '', { ticket: answer.ticket, acks: true });
    editors.push(editor);
    await editor.synced();
    return editor;
  }

  const saved = (editor: TestClient) =>
    expect.poll(() => editor.ackedSeq >= editor.sentSeq && editor.sentSeq > 0).toBe(true);
  const rootCauses = (editor: TestClient) => paragraphs(workshopFragment(editor.doc, 'rootCauses'));

  beforeAll(async () => {
    server = await startTestServer({ embedded: engine === 'embedded' });
    await withDemoData(server);
    ids.colleague = await addAccount(server, EMAIL.colleague, 'Link Lead (Hempshill)');
    await sql()`insert into school_members (school_id, user_id, role) values (${HEMPSHILL}, ${ids.colleague}, 'teacher')`;
    for (const who of Object.keys(EMAIL) as Who[]) {
      const [row] = await sql()<{ id: string }[]>`select id from users where email = ${EMAIL[who]}`;
      ids[who] = row?.id ?? '';
      clients[who] = new HttpClient(server.url);
      expect((await as(who).login(EMAIL[who], DEMO_PASSWORD)).status).toBe(200);
    }
    const created = await as('partnershipLead').post('/api/reviews', {
      partnershipId: CLUSTER,
      hostSchoolId: HEMPSHILL,
      academicYear: '2026-27',
    });
    expect(created.status).toBe(201);
    reviewId = (created.body as { id: string }).id;
    await sql()`insert into review_members (review_id, user_id, role) values
      (${reviewId}, ${ids.lead ?? ''}, 'lead_reviewer'), (${reviewId}, ${ids.colleague ?? ''}, 'host_link_lead')`;
    await sql()`update reviews set state = 'feedback_given' where id = ${reviewId}`;
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    for (const editor of editors) {
      editor.destroy();
    }
    await server.close();
  });

  describe(`erasing a person (${engine})`, () => {
    it('records which Yjs client ids each person wrote under, and refuses one person writing under another’s', async () => {
      authorEditor = await openWorkshop('author');
      colleagueEditor = await openWorkshop('colleague');
      // The author writes a paragraph (pasted in one go); the colleague adds to the same paragraph on both sides.
      authorEditor.doc.transact(() => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(PHRASE)]);
        workshopFragment(authorEditor.doc, 'rootCauses').insert(0, [paragraph]);
      });
      await saved(authorEditor);
      await expect.poll(() => rootCauses(colleagueEditor)).toEqual([PHRASE]);
      colleagueEditor.doc.transact(() => {
        const paragraph = workshopFragment(colleagueEditor.doc, 'rootCauses').get(0) as Y.XmlElement;
        const text = paragraph.get(0) as Y.XmlText;
        text.insert(text.length, AFTER);
        text.insert(0, BEFORE);
      });
      await saved(colleagueEditor);
      await expect.poll(() => rootCauses(authorEditor)).toEqual([`${BEFORE}${PHRASE}${AFTER}`]);

      const name = documentName(reviewId, 'workshop');
      const recorded = await sql()<{ clientId: string; userId: string }[]>`
        select client_id::text as client_id, user_id from collab_authors where name = ${name} order by user_id`;
      expect(recorded).toEqual(
        expect.arrayContaining([
          { clientId: String(authorEditor.doc.clientID), userId: ids.author },
          { clientId: String(colleagueEditor.doc.clientID), userId: ids.colleague },
        ]),
      );
      expect(recorded).toHaveLength(2);

      // A third connection that writes under the author's client id is closed as forbidden, and nothing is recorded.
      const impostor = await openWorkshop('colleague');
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(authorEditor.doc));
      // Set after loading: Yjs moves a document to a new client id when a remote update writes under its own.
      forged.clientID = authorEditor.doc.clientID;
      const before = Y.encodeStateVector(forged);
      forged.getXmlFragment('workshop.ideas').insert(0, [new Y.XmlText('Not the author’s words')]);
      Y.applyUpdate(impostor.doc, Y.encodeStateAsUpdate(forged, before));
      await expect.poll(() => impostor.closeCodes, { timeout: 10_000 }).toContain(4403);
      impostor.destroy();
      expect(
        (await sql()`select 1 from collab_authors where name = ${name} and user_id = ${ids.colleague ?? ''}`).length,
      ).toBe(1);
      expect(paragraphs(workshopFragment(colleagueEditor.doc, 'ideas'))).toEqual([]);
    });

    it('finds the phrase in the database and the exports before erasure (the search is not vacuous)', async () => {
      const text = workshopFragment(authorEditor.doc, 'rootCauses');
      const passage = (text.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      const position = (index: number) =>
        Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(passage, index))).toString('base64');
      const anchor = {
        kind: 'passage',
        field: 'workshop.rootCauses',
        start: position(BEFORE.length),
        end: position(BEFORE.length + PHRASE.length),
        quote: PHRASE,
      };
      const comment = await as('author').post(`/api/reviews/${reviewId}/comments`, {
        part: 'workshop',
        anchor,
        body: `I wrote: ${PHRASE}`,
      });
      expect(comment.status).toBe(201);
      // The colleague's own thread quotes the author's words: a copy of them in someone else's record.
      const quoted = await as('colleague').post(`/api/reviews/${reviewId}/comments`, {
        part: 'workshop',
        anchor,
        body: 'Can we say more about this?',
      });
      expect(quoted.status).toBe(201);
      // A factual correction and an action update, as their services store them.
      await sql()`insert into review_suggestions (review_id, target_kind, field, target_label, start_position,
          end_position, original, replacement, proposed_by)
        values (${reviewId}, 'feedback', 'hostResponse', 'Host response', 'a', 'b', ${PHRASE}, ${`${PHRASE}!`},
          ${ids.author ?? ''})`;
      await sql()`insert into review_actions (review_id, id, label, position, text, owner_role, starts_on, due_on,
          success_criteria) values (${reviewId}, 'a1', 'A01', 0, 'Reading for pleasure', 'headteacher',
          '2027-01-04', '2027-03-26', 'More pupils read at home')`;
      await sql()`insert into review_action_updates (review_id, action_id, author_user_id, note)
        values (${reviewId}, 'a1', ${ids.author ?? ''}, ${`Progress: ${PHRASE}`})`;
      const version = await as('author').post(`/api/reviews/${reviewId}/versions`, { label: 'Before erasure' });
      expect(version.status).toBe(201);
      // The host headteacher's signature (as accepting the report records it), the only one: the agreed report.
      await sql()`insert into review_sign_offs (review_id, role, signed_by, review_state, version_id)
        values (${reviewId}, 'host_headteacher', ${ids.author ?? ''}, 'report_agreed',
          ${(version.body as { id: string }).id})`;
      // Once the workshop is held, the report carries the live workshop record too.
      await sql()`update reviews set state = 'workshop_held' where id = ${reviewId}`;

      const found = await columnsHolding(sql(), PHRASE);
      expect(found).toEqual(
        expect.arrayContaining([
          'comments.body',
          'comment_threads.anchor',
          'review_suggestions.original',
          'review_action_updates.note',
          'document_version_parts.state',
        ]),
      );
      expect(found.some((column) => column.startsWith('collab_'))).toBe(true);
      expect(await exportedText()).toContain(PHRASE);
      // Their data download names the words they typed into the document as theirs.
      const download = await authorsDownload();
      expect(download['documents.json']).toContain(PHRASE);
      expect(download['summary.txt']).toContain(PHRASE);
    });

    it('lets only the school’s headteacher choose what happens to an erased person’s words', async () => {
      const path = `/api/schools/${HEMPSHILL}/erasure-policy`;
      expect((await as('colleague').get(path)).body).toEqual({ textPolicy: 'replace', canChange: false });
      expect((await as('colleague').request('PUT', path, { textPolicy: 'remove' })).status).toBe(403);
      expect((await as('admin').request('PUT', path, { textPolicy: 'remove' })).status).toBe(403);
      expect((await as('lead').get(path)).status).toBe(404);
      expect((await as('author').request('PUT', path, { textPolicy: 'keep' })).body).toEqual({
        textPolicy: 'keep',
        canChange: true,
      });
      expect((await as('author').request('PUT', path, { textPolicy: 'sometimes' })).status).toBe(400);
      // Back to the default before the erasure below.
      expect((await as('author').request('PUT', path, { textPolicy: 'replace' })).status).toBe(200);
      const changes = await sql()<{ n: number }[]>`select count(*)::int as n from audit_events
        where action = 'school.erasure_policy_changed' and subject_id = ${HEMPSHILL}`;
      expect(changes[0]?.n).toBe(2);
    });

    it('is refused to anyone but an administrator, and without the person’s email as confirmation', async () => {
      for (const who of ['lead', 'partnershipLead', 'colleague'] as const) {
        const response = await as(who).post(`/api/admin/people/${ids.author ?? ''}/erase`, {
          confirmEmail: EMAIL.author,
        });
        expect({ who, status: response.status }).toEqual({ who, status: 403 });
      }
      const wrong = await as('admin').post(`/api/admin/people/${ids.author ?? ''}/erase`, {
        confirmEmail: EMAIL.colleague,
      });
      expect(wrong.status).toBe(400);
      expect(await columnsHolding(sql(), PHRASE)).not.toEqual([]);
    });

    it('erases the phrase everywhere, live editors included, and keeps the colleague’s words', async () => {
      const erased = await as('admin').post(`/api/admin/people/${ids.author ?? ''}/erase`, {
        confirmEmail: EMAIL.author,
      });
      expect(erased.status).toBe(200);
      expect(erased.body).toMatchObject({ userId: ids.author, documents: 1 });
      // The author's own editor was closed at once; the colleague's shows the placeholder between their words.
      await expect.poll(() => authorEditor.closeCodes.length).toBeGreaterThan(0);
      await expect.poll(() => rootCauses(colleagueEditor)).toEqual([`${BEFORE}${ErasedTextPlaceholder}${AFTER}`]);

      expect(await columnsHolding(sql(), PHRASE)).toEqual([]);
      const exported = await exportedText();
      expect(exported).not.toContain(PHRASE);
      expect(exported).toContain(AFTER.trim());
      expect(Object.values(await authorsDownload()).join('\n')).not.toContain(PHRASE);

      // The stored document and the saved version read the same as the colleague's editor.
      const [version] = await sql()<{ state: Uint8Array }[]>`
        select p.state from document_version_parts p join document_versions v on v.id = p.version_id
        where v.review_id = ${reviewId} and v.label = 'Before erasure' and p.part = 'workshop'`;
      const saved = new Y.Doc();
      Y.applyUpdate(saved, version?.state ?? new Uint8Array());
      expect(paragraphs(workshopFragment(saved, 'rootCauses'))).toEqual([`${BEFORE}${ErasedTextPlaceholder}${AFTER}`]);
      const comments = await sql()<{ body: string; quote: string }[]>`
        select c.body, t.anchor ->> 'quote' as quote from comments c join comment_threads t on t.id = c.thread_id
        where t.review_id = ${reviewId}`;
      expect(comments).toHaveLength(2);
      expect(comments).toEqual(
        expect.arrayContaining([
          { body: ErasedTextPlaceholder, quote: ErasedTextPlaceholder },
          { body: 'Can we say more about this?', quote: ErasedTextPlaceholder },
        ]),
      );
    });

    it('keeps the sole signature, shown as a former member of staff, and anonymises the account', async () => {
      const signOffs = (await as('lead').get(`/api/reviews/${reviewId}/sign-offs`)).body;
      expect(JSON.stringify(signOffs)).toContain(ErasedPersonName);
      const [count] = await sql()<{ n: number }[]>`
        select count(*)::int as n from review_sign_offs where review_id = ${reviewId} and signed_by = ${ids.author ?? ''}`;
      expect(count?.n).toBe(1);
      const [account] = await sql()<{ displayName: string; email: string; passwordHash: string | null }[]>`
        select display_name, email, password_hash from users where id = ${ids.author ?? ''}`;
      expect(account).toEqual({
        displayName: ErasedPersonName,
        email: `erased-${ids.author ?? ''}@erased.invalid`,
        passwordHash: null,
      });
      expect((await new HttpClient(server.url).login(EMAIL.author, DEMO_PASSWORD)).status).toBe(401);
      // On the school's staff list they are a former member of staff, switched off for good.
      const staff = (await as('admin').get(`/api/schools/${HEMPSHILL}/staff`)).body as SchoolStaff;
      expect(staff.members.find((member) => member.userId === ids.author)).toMatchObject({
        displayName: ErasedPersonName,
        disabled: true,
        invitationPending: false,
        canReactivate: false,
      });
      expect((await as('admin').post(`/api/people/${ids.author ?? ''}/reactivate`)).status).toBe(409);
      const [audit] = await sql()<{ actorUserId: string }[]>`
        select actor_user_id from audit_events where action = 'account.erased' and subject_id = ${ids.author ?? ''}`;
      expect(audit?.actorUserId).toBe(ids.admin);
      // Erasing twice is a conflict, not a second erasure.
      const again = await as('admin').post(`/api/admin/people/${ids.author ?? ''}/erase`, {
        confirmEmail: `erased-${ids.author ?? ''}@erased.invalid`,
      });
      expect(again.status).toBe(409);
    });
  });
}
