import type { WorkshopBoardsAnswer } from '@crosswalk/shared';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInPeople, withDemoData } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { sessionSockets } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { FENBROOK_REVIEW, workshopSessionId } from '../support/workshop-fixtures.ts';

/**
 * Subject access (docs/data-protection.md): a person downloads everything Crosswalk holds about them as a ZIP, an
 * administrator anyone's; nobody else's, and never a secret or another person's email address.
 */

const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const SUMMERCROFT = '6b1d0000-0000-4000-8000-000000000101';
const PEER = 'reviewer@hempshill.demo';
const LINK_LEAD = 'link.lead@fenbrook.demo';
const LEAD = 'lead.reviewer@summercroft.demo';
const ADMIN = 'admin@crosswalk.demo';
const PARTNERSHIP_LEAD = 'partnership.lead@crosswalk.demo';
const CHAMPION = 'champion@littlewaltham.demo';
const STARTUP_TIMEOUT_MS = 180_000;

const COMMENT = 'Subject access check: was this lesson Year 4 or Year 5?';
const NOTE = 'Subject access check: phonics books are not matched to the phase';
const FILES = [
  'README.txt',
  'summary.txt',
  'profile.json',
  'roles.json',
  'sign-ins.json',
  'sessions.json',
  'documents.json',
  'comments.json',
  'corrections.json',
  'actions.json',
  'support.json',
  'workshops.json',
  'evaluations.json',
  'readiness-checks.json',
  'sign-offs.json',
  'other-records.json',
  'notifications.json',
  'emails.json',
  'invitations.json',
  'audit.json',
];

interface Download {
  status: number;
  headers: Headers;
  files: Map<string, string>;
}

export function subjectAccessSuite(engine: 'postgres' | 'embedded'): void {
  describe(`downloading everything Crosswalk holds about a person (${engine})`, () => {
    let server: TestServer;
    let clients: Record<string, HttpClient> = {};
    let userIds: Record<string, string> = {};
    const as = (email: string) => clients[email] as HttpClient;
    const sql = () => server.crosswalk.db.sql;
    const sockets = sessionSockets();
    afterEach(() => {
      sockets.closeAll();
    });

    /** GET with the person's cookie, the ZIP unpacked (as text) when the answer is one. */
    async function download(email: string | null, path: string): Promise<Download> {
      const response = await fetch(`${server.url}${path}`, {
        headers: email ? { cookie: as(email).cookieHeader } : {},
      });
      const files = new Map<string, string>();
      if (response.headers.get('content-type') === 'application/zip') {
        const zip = await JSZip.loadAsync(await response.arrayBuffer());
        for (const file of Object.values(zip.files)) {
          files.set(file.name, await file.async('string'));
        }
      } else {
        await response.arrayBuffer();
      }
      return { status: response.status, headers: response.headers, files };
    }
    const json = (d: Download, name: string) => JSON.parse(d.files.get(name) ?? 'null') as Record<string, unknown>;
    const everything = (d: Download) => [...d.files.values()].join('\n');

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      server.crosswalk.services.subjectAccess.useClock(() => new Date('2027-01-10T10:00:00Z'));
      ({ clients, userIds } = await signInPeople(server.url, [
        PEER,
        LINK_LEAD,
        LEAD,
        ADMIN,
        PARTNERSHIP_LEAD,
        CHAMPION,
      ]));

      // The peer reviewer writes a comment on the demo review's evidence…
      const comment = await as(PEER).post(`/api/reviews/${FENBROOK_REVIEW}/comments`, {
        part: 'evidence',
        anchor: { kind: 'record', record: 'evidence', recordId: 'e-1', label: 'E01' },
        body: COMMENT,
      });
      expect(comment.status).toBe(201);
      // …is added to another review's team (a notification and an email)…
      const created = await as(PARTNERSHIP_LEAD).post('/api/reviews', {
        partnershipId: CLUSTER,
        hostSchoolId: SUMMERCROFT,
        academicYear: '2026-27',
      });
      const reviewId = (created.body as { id: string }).id;
      const added = await as(PARTNERSHIP_LEAD).post(`/api/reviews/${reviewId}/team`, {
        userId: userIds[PEER],
        role: 'peer_reviewer',
      });
      expect(added.status).toBe(201);
      await vi.waitFor(async () => {
        const rows = await sql()`select 1 from notifications where user_id = ${userIds[PEER] ?? ''}`;
        expect(rows.length).toBeGreaterThan(0);
      });
      // …and asks for a new password (an email whose link holds a secret).
      await as(PEER).post('/api/auth/password-reset', { email: PEER });
      await server.crosswalk.services.passwordResets.settled();

      // The link lead writes an anonymous note on a workshop board, through the board's socket.
      const sessionId = await workshopSessionId(server);
      const boards = (await as(LINK_LEAD).get(`/api/sessions/${sessionId}/workshop/boards`))
        .body as WorkshopBoardsAnswer;
      const boardId = boards.boards.find((b) => b.title === 'Root causes')?.id ?? '';
      const socket = await sockets.connect(server.url, as(LINK_LEAD).cookieHeader);
      expect(await socket.emitWithAck('board.join', { sessionId, boardId })).toMatchObject({ ok: true });
      expect(await socket.emitWithAck('board.note.create', { boardId, text: NOTE, anonymous: true })).toMatchObject({
        ok: true,
      });
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    it('gives a person a ZIP of their own data: README, summary and one JSON file per section', async () => {
      const mine = await download(PEER, '/api/me/export');
      expect(mine.status).toBe(200);
      expect(mine.headers.get('content-type')).toBe('application/zip');
      expect(mine.headers.get('content-disposition')).toBe(
        'attachment; filename="crosswalk-data-peer-reviewer-hempshill-2027-01-10.zip"',
      );
      expect([...mine.files.keys()].sort()).toEqual([...FILES].sort());

      expect(json(mine, 'profile.json')).toMatchObject({
        name: 'Peer Reviewer (Hempshill)',
        email: PEER,
        passwordSet: true,
        schools: [{ school: 'Hempshill Primary', job: 'headteacher', jobInWords: 'Headteacher' }],
      });
      expect(json(mine, 'roles.json').reviewTeams).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ hostSchool: 'Fenbrook Primary', role: 'peer_reviewer' }),
          expect.objectContaining({ hostSchool: 'Summercroft Primary', academicYear: '2026-27' }),
        ]),
      );
      expect(json(mine, 'comments.json').comments).toEqual([
        expect.objectContaining({ hostSchool: 'Fenbrook Primary', part: 'evidence', comment: COMMENT }),
      ]);
      const notifications = json(mine, 'notifications.json').notifications as { text: string }[];
      expect(notifications.map((n) => n.text)).toContain(
        'You have been added to the peer review of Summercroft Primary as peer reviewer.',
      );
      const emails = json(mine, 'emails.json').emails as { subject: string; words: string }[];
      expect(emails.length).toBeGreaterThanOrEqual(2);
      expect(emails.some((e) => e.words.includes('[secret taken out]'))).toBe(true);
      const audit = json(mine, 'audit.json').entries as { action: string; byYou: boolean; inWords: string }[];
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'auth.login',
            byYou: true,
            inWords: 'Peer Reviewer (Hempshill) signed in',
          }),
        ]),
      );
      expect((json(mine, 'sign-ins.json').signIns as unknown[]).length).toBeGreaterThan(0);

      // The readable files, for a headteacher.
      const summary = mine.files.get('summary.txt') ?? '';
      expect(summary).toContain('What Crosswalk holds about Peer Reviewer (Hempshill)');
      expect(summary).toContain(COMMENT);
      expect(summary).toContain('You have been added to the peer review of Summercroft Primary as peer reviewer.');
      const readme = mine.files.get('README.txt') ?? '';
      for (const file of FILES.filter((f) => f.endsWith('.json'))) {
        expect(readme).toContain(file);
      }
    });

    it('holds no secret and no other person’s email address', async () => {
      const mine = await download(PEER, '/api/me/export');
      const text = everything(mine);
      const id = userIds[PEER] ?? '';
      const secrets = [
        ...(await sql()<{ value: string }[]>`select password_hash as value from users where id = ${id}`),
        ...(await sql()<{ value: string }[]>`select id as value from sign_ins where user_id = ${id}`),
        ...(await sql()<{ value: string }[]>`select token_hash as value from password_resets where user_id = ${id}`),
        ...(await sql()<{ value: string }[]>`select token_hash as value from invitations where user_id = ${id}`),
      ].map((r) => r.value);
      expect(secrets.length).toBeGreaterThanOrEqual(3);
      // The secret itself (in the reset link of the email the outbox kept), and the sign-in cookie's token.
      const [mail] = await sql()<{ bodyText: string }[]>`
        select body_text from mail_outbox where to_address = ${PEER} and body_text like '%reset-password?token=%'`;
      const resetToken = /token=([A-Za-z0-9_-]+)/.exec(mail?.bodyText ?? '')?.[1] ?? '';
      expect(resetToken.length).toBeGreaterThan(30);
      const cookieToken = as(PEER).cookieHeader.split('=')[1] ?? '';
      for (const secret of [...secrets, resetToken, cookieToken]) {
        expect(secret.length).toBeGreaterThan(20);
        expect(text).not.toContain(secret);
      }
      const others = await sql()<{ email: string }[]>`select email from users where id <> ${id}`;
      expect(others.length).toBeGreaterThan(5);
      for (const { email } of others) {
        expect(text).not.toContain(email);
      }
      // Someone else's anonymous workshop note is not theirs to read.
      expect(text).not.toContain(NOTE);
    });

    it('includes the text of workshop notes the person wrote, anonymous ones too', async () => {
      const theirs = await download(LINK_LEAD, '/api/me/export');
      expect(theirs.status).toBe(200);
      expect(json(theirs, 'workshops.json').notesYouWrote).toEqual([
        expect.objectContaining({ board: 'Root causes', anonymous: true, text: NOTE }),
      ]);
      expect(theirs.files.get('summary.txt')).toContain(NOTE);
    });

    it('lets an administrator download anyone’s data, and nobody else', async () => {
      const path = `/api/admin/people/${userIds[PEER] ?? ''}/export`;
      const byAdmin = await download(ADMIN, path);
      expect(byAdmin.status).toBe(200);
      expect(json(byAdmin, 'profile.json')).toMatchObject({ email: PEER });
      expect(json(byAdmin, 'comments.json').comments).toEqual([expect.objectContaining({ comment: COMMENT })]);

      for (const email of [LEAD, PARTNERSHIP_LEAD, LINK_LEAD]) {
        const refused = await download(email, path);
        expect(refused.status).toBe(404);
        expect(refused.files.size).toBe(0);
      }
      expect((await download(null, path)).status).toBe(401);
      expect((await download(null, '/api/me/export')).status).toBe(401);
      expect((await download(ADMIN, '/api/admin/people/6b1d0000-0000-4000-8000-00000000ffff/export')).status).toBe(404);
    });

    it('records every download in the audit log, which the next download then holds', async () => {
      const rows = await sql()<{ actorUserId: string; subjectId: string }[]>`
        select actor_user_id, subject_id from audit_events where action = 'account.data_exported' order by id`;
      const peer = userIds[PEER] ?? '';
      expect(rows).toEqual(
        expect.arrayContaining([
          { actorUserId: peer, subjectId: peer },
          { actorUserId: userIds[ADMIN], subjectId: peer },
        ]),
      );
      // No refused attempt was recorded as a download.
      expect(rows.every((r) => r.subjectId !== peer || [peer, userIds[ADMIN]].includes(r.actorUserId))).toBe(true);
      const again = await download(PEER, '/api/me/export');
      const audit = json(again, 'audit.json').entries as { action: string; byYou: boolean }[];
      expect(audit.filter((e) => e.action === 'account.data_exported').length).toBeGreaterThanOrEqual(3);
    });

    it('limits how often one person may download, lightly', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i += 1) {
        statuses.push((await download(CHAMPION, '/api/me/export')).status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses[10]).toBe(429);
    });
  });
}
