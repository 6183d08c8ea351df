import { randomUUID } from 'node:crypto';
import {
  documentName,
  londonDay,
  type CollabTicketAnswer,
  type Notification,
  type RetentionPass,
  type ReviewDetail,
} from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { DEMO_CLOSED_REVIEW_ID } from '../../server/src/demo/demo-closed-review.ts';
import { demoSchools } from '../../server/src/demo/demo-data.ts';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { columnsHolding } from '../support/phrase-search.ts';
import { FENBROOK_PEOPLE } from '../support/workshop-fixtures.ts';
import type { TestServer } from '../support/test-server.ts';

/**
 * Retention that runs by itself (docs/data-protection.md "Retention"), with the clock moved by the test: the visiting
 * team loses the closed demo review after 12 months, the host headteacher is told once a month before its content is
 * deleted, and at 6 years the content is gone from every column of every table, the live document included, while
 * the review stays as a tombstone. Two passes at once (on two processes where the engine has them) delete once.
 * Records of safeguarding concerns follow the host school's own setting.
 */

const REVIEW = DEMO_CLOSED_REVIEW_ID;
const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const FENBROOK = demoSchools.find((s) => s.name === 'Fenbrook Primary')?.id ?? '';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

// The same people were the team of Fenbrook's closed review the year before.
const EMAIL = FENBROOK_PEOPLE;
type Who = keyof typeof EMAIL;
const VISITING: readonly Who[] = ['leadReviewer', 'peer', 'champion'];

export type Engine = 'postgres' | 'embedded';

/**
 * `start` gives two processes of one deployment (on the embedded database, where one process is all there is, the
 * same one twice); the first one loads the demo.
 */
export function retentionSuite(engine: Engine, start: () => Promise<{ a: TestServer; b: TestServer }>): void {
  describe(`retention (${engine})`, () => {
    let a: TestServer;
    let b: TestServer;
    let closedAt: Date;
    const as = {} as Record<Who, HttpClient>;
    const clients: TestClient[] = [];
    const phrase = `retention-probe-${randomUUID()}`;

    beforeAll(async () => {
      ({ a, b } = await start());
      for (const who of Object.keys(EMAIL) as Who[]) {
        as[who] = new HttpClient(a.url);
        expect((await as[who].login(EMAIL[who], DEMO_PASSWORD)).status).toBe(200);
      }
      const [row] = await a.crosswalk.db.sql<{ at: Date }[]>`
        select max(at) as at from review_transitions where review_id = ${REVIEW} and to_state = 'closed'`;
      closedAt = row?.at ?? new Date(Number.NaN);
      expect(Number.isNaN(closedAt.getTime())).toBe(false);
    }, STARTUP_TIMEOUT_MS);
    afterAll(async () => {
      for (const client of clients) {
        client.destroy();
      }
      await b.close();
      if (b !== a) {
        await a.close();
      }
    });

    const sql = () => a.crosswalk.db.sql;
    /** `months` after the review closed, plus `days`. */
    const after = (months: number, days = 0): Date => {
      const at = new Date(closedAt.getTime());
      at.setUTCMonth(at.getUTCMonth() + months);
      return new Date(at.getTime() + days * DAY_MS);
    };
    /** Moves every clock the test depends on: the review's access decisions (on both processes). */
    const moveClock = (now: Date) => {
      a.crosswalk.services.reviews.useClock(() => now);
      b.crosswalk.services.reviews.useClock(() => now);
    };
    const tick = (now: Date, server = a): Promise<RetentionPass | null> => {
      moveClock(now);
      return server.crosswalk.retentionTick(now);
    };
    const statusOf = async (who: Who) => (await as[who].get(`/api/reviews/${REVIEW}`)).status;
    const detailOf = async (who: Who) => {
      const answer = await as[who].get(`/api/reviews/${REVIEW}`);
      expect(answer.status, who).toBe(200);
      return answer.body as ReviewDetail;
    };
    const auditCount = async (action: string) => {
      const [row] = await sql()<{ n: number }[]>`
        select count(*)::int as n from audit_events where action = ${action} and subject_id = ${REVIEW}`;
      return row?.n ?? 0;
    };
    const userId = async (who: Who) => {
      const [row] = await sql()<{ id: string }[]>`select id from users where email = ${EMAIL[who]}`;
      return row?.id ?? '';
    };

    it('lets the partnership lead set how long content is kept, within bounds, and nobody else', async () => {
      const settings = (await as.partnershipLead.get(`/api/partnerships/${CLUSTER}/settings`)).body as {
        contentRetentionMonths: number;
        memberAccessMonths: number;
      };
      expect(settings).toMatchObject({ contentRetentionMonths: 72, memberAccessMonths: 12 });
      const path = `/api/partnerships/${CLUSTER}/retention`;
      for (const who of ['hostHead', 'leadReviewer'] as const) {
        expect([403, 404], who).toContain((await as[who].request('PUT', path, { contentRetentionMonths: 96 })).status);
      }
      for (const months of [11, 241, 60.5]) {
        expect((await as.partnershipLead.request('PUT', path, { contentRetentionMonths: months })).status).toBe(400);
      }
      // Content must outlast the visiting team's access window (12 months here) by at least the notice's month.
      const tooShort = await as.partnershipLead.request('PUT', path, { contentRetentionMonths: 12 });
      expect(tooShort.status).toBe(400);
      expect(
        (
          await as.partnershipLead.request('PUT', `/api/partnerships/${CLUSTER}/access-window`, {
            memberAccessMonths: 100,
          })
        ).status,
      ).toBe(400);
      expect((await as.partnershipLead.request('PUT', path, { contentRetentionMonths: 96 })).status).toBe(204);
      expect((await as.partnershipLead.request('PUT', path, { contentRetentionMonths: 72 })).status).toBe(204);
      const [audited] = await sql()<{ detail: Record<string, unknown> }[]>`
        select detail from audit_events where action = 'partnership.retention_changed' order by id desc limit 1`;
      expect(audited?.detail).toEqual({ contentRetentionMonths: 72 });
    });

    it("ends the visiting team's access 12 months after closing; the host headteacher keeps the review", async () => {
      expect(await tick(after(12, -1))).toMatchObject({ notices: 0, reviewsDeleted: 0 });
      for (const who of VISITING) {
        expect(await statusOf(who), who).toBe(200);
      }
      expect(await tick(after(12, 1))).toMatchObject({ notices: 0, reviewsDeleted: 0 });
      for (const who of VISITING) {
        expect(await statusOf(who), who).toBe(404);
        expect((await as[who].get(`/api/reviews/${REVIEW}/collab`)).status, who).toBe(404);
      }
      expect(await statusOf('hostHead')).toBe(200);
      const collab = (await as.hostHead.get(`/api/reviews/${REVIEW}/collab`)).body as CollabTicketAnswer;
      expect(collab.documents.length).toBeGreaterThan(0);
      expect((await detailOf('hostHead')).retention).toEqual({ deletesOn: null, contentDeletedOn: null });
    });

    it('tells the host headteacher once, a month before the content is deleted', async () => {
      const noticesOf = async (who: Who) => {
        const list = (await as[who].get('/api/notifications')).body as { notifications: Notification[] };
        return list.notifications.filter((n) => n.kind === 'content_deletion_notice');
      };
      expect(await tick(after(71, -1))).toMatchObject({ notices: 0 });
      expect(await noticesOf('hostHead')).toHaveLength(0);

      const noticeDay = after(71);
      const deletesOn = londonDay(after(72));
      // Two passes of the same day at once: one runs it, the other finds the day taken.
      moveClock(noticeDay);
      const passes = await Promise.all([a.crosswalk.retentionTick(noticeDay), b.crosswalk.retentionTick(noticeDay)]);
      expect(passes.filter((p) => p !== null)).toEqual([
        { day: londonDay(noticeDay), notices: 1, reviewsDeleted: 0, safeguardingDeleted: 0 },
      ]);
      // The next day's pass, and a pass run directly again, send nothing more.
      expect(await tick(after(71, 1))).toMatchObject({ notices: 0, reviewsDeleted: 0 });
      expect(await a.crosswalk.services.retention.pass(after(71, 2))).toMatchObject({ notices: 0 });

      const notices = await noticesOf('hostHead');
      expect(notices).toHaveLength(1);
      expect(notices[0]?.href).toBe(`/reviews/${REVIEW}`);
      expect(notices[0]?.text).toContain('will be deleted on');
      expect(notices[0]?.text).not.toContain(phrase);
      expect(await noticesOf('linkLead')).toHaveLength(0);
      const mails = await sql()<{ subject: string }[]>`
        select subject from mail_outbox where to_address = ${EMAIL.hostHead} and subject like '%will be deleted%'`;
      expect(mails).toHaveLength(1);
      expect(await auditCount('retention.deletion_notice_sent')).toBe(1);
      // The host headteacher reads it in the review's own audit log, as done by Crosswalk.
      const log = (await as.hostHead.get(`/api/reviews/${REVIEW}/audit`)).body as {
        events: { actor: string; action: string }[];
      };
      expect(log.events).toContainEqual(
        expect.objectContaining({ actor: 'Crosswalk', action: 'retention.deletion_notice_sent' }),
      );

      // The review page tells the host headteacher the day; nobody else reads it there.
      expect((await detailOf('hostHead')).retention).toEqual({ deletesOn, contentDeletedOn: null });
      expect((await detailOf('linkLead')).retention.deletesOn).toBeNull();
    });

    it('deletes the content everywhere at 6 years, once, and keeps a tombstone', async () => {
      const collab = a.crosswalk.live.realtime?.collab;
      if (!collab) {
        throw new Error('the first process serves no live documents');
      }
      const hostHeadId = await userId('hostHead');
      // The phrase goes into the live document (its log, while it is loaded in the first process and open in an
      // editor), a named version (label and parts), a comment, an action, a suggestion, a signature's note, the
      // history's note and the enquiry focus.
      const context = documentName(REVIEW, 'context');
      await collab.withDocument(context, (doc) => {
        doc.getText('retention-probe').insert(0, phrase);
      });
      const ticket = (await as.hostHead.get(`/api/reviews/${REVIEW}/collab`)).body as CollabTicketAnswer;
      const editor = connectClient(ticket.url, context, { ticket: ticket.ticket });
      clients.push(editor);
      await editor.synced();
      expect(editor.doc.getText('retention-probe').toJSON()).toBe(phrase);

      const versionDoc = new Y.Doc();
      versionDoc.getText('retention-probe').insert(0, phrase);
      const [version] = await sql()<{ id: string }[]>`
        insert into document_versions (review_id, label, created_by, stage)
        values (${REVIEW}, ${`Agreed ${phrase}`}, ${hostHeadId}, 'published') returning id`;
      await sql()`
        insert into document_version_parts (version_id, part, state)
        values (${version?.id ?? ''}, 'context', ${Buffer.from(Y.encodeStateAsUpdate(versionDoc))})`;
      const [thread] = await sql()<{ id: string }[]>`
        insert into comment_threads (review_id, part, anchor, created_by)
        values (${REVIEW}, 'findings', ${sql().json({ kind: 'record', recordId: 'probe' })}, ${hostHeadId})
        returning id`;
      await sql()`
        insert into comments (thread_id, author_id, body) values (${thread?.id ?? ''}, ${hostHeadId}, ${phrase})`;
      await sql()`
        insert into review_sign_offs (review_id, role, signed_by, review_state, note)
        values (${REVIEW}, 'host_headteacher', ${hostHeadId}, 'closed', ${phrase})`;
      await sql()`
        update review_transitions set note = ${phrase} where review_id = ${REVIEW} and to_state = 'closed'`;
      const actions = await sql()<{ id: string; status: string }[]>`
        select id, status from review_actions where review_id = ${REVIEW} order by id`;
      expect(actions.length).toBeGreaterThan(0);
      await sql()`update review_actions set text = ${phrase} where review_id = ${REVIEW} and id = ${actions[0]?.id ?? ''}`;
      await sql()`
        update reviews set focus = jsonb_set(focus, '{question}', to_jsonb(${phrase}::text)) where id = ${REVIEW}`;
      // A record of a safeguarding concern, raised before closing: the school keeps them (the default).
      const [session] = await sql()<{ id: string }[]>`
        select id from review_sessions where review_id = ${REVIEW} order by starts_at limit 1`;
      const [concern] = await sql()<{ id: string }[]>`
        insert into safeguarding_concerns (session_id, raised_by_role, raised_at)
        values (${session?.id ?? ''}, 'peer_reviewer', ${new Date(closedAt.getTime() - 30 * DAY_MS)}) returning id`;

      // Negative control: the search finds the phrase wherever it was put.
      await collab.flush();
      const before = await columnsHolding(sql(), phrase);
      expect(before.filter((place) => place.startsWith('collab_'))).not.toEqual([]);
      expect(before).toEqual(
        expect.arrayContaining([
          'comments.body',
          'document_version_parts.state',
          'document_versions.label',
          'review_actions.text',
          'review_sign_offs.note',
          'review_transitions.note',
          'reviews.focus',
        ]),
      );

      expect(await tick(after(72, -1))).toMatchObject({ reviewsDeleted: 0 });
      expect(await columnsHolding(sql(), phrase)).not.toHaveLength(0);

      // The second process (which does not hold the live document on PostgreSQL) takes the day's pass over while a
      // pass of its own runs at the same moment: the content is deleted once, and the day has one run. The first
      // process then finds the day taken.
      const deletionDay = after(72, 1);
      moveClock(deletionDay);
      // A pass of that day started deleting and stopped (its process killed): the content is closed to everyone from
      // that moment, and the day's unfinished run is taken over once it is more than an hour old.
      const stoppedAt = new Date(deletionDay.getTime() - 2 * 60 * 60 * 1000);
      await sql()`
        insert into retention_runs (day, started_at, by) values (${londonDay(deletionDay)}, ${stoppedAt}, 'stopped')`;
      await sql()`update reviews set content_deletion_started_at = ${stoppedAt} where id = ${REVIEW}`;
      expect(await a.crosswalk.services.documentGrants.decide(hostHeadId, context)).toBe('none');
      expect((await detailOf('hostHead')).access.findings).toBe('metadata');
      expect(await b.crosswalk.retentionTick(new Date(stoppedAt.getTime() + 30 * 60 * 1000))).toBeNull();
      const passes = await Promise.all([
        b.crosswalk.retentionTick(deletionDay),
        b.crosswalk.services.retention.pass(deletionDay),
      ]);
      expect(passes[0]).toMatchObject({ day: londonDay(deletionDay), notices: 0, safeguardingDeleted: 0 });
      expect((passes[0]?.reviewsDeleted ?? 0) + passes[1].reviewsDeleted).toBe(1);
      expect(await a.crosswalk.retentionTick(deletionDay)).toBeNull();

      // The open editor was closed ("not found") and the document left the process's memory unwritten.
      await vi.waitFor(() => {
        expect(editor.closeCodes).toContain(4404);
      }, 20_000);
      expect(collab.loadedDocuments().filter((name) => name.startsWith(REVIEW))).toEqual([]);
      expect(b.crosswalk.live.realtime?.collab?.loadedDocuments().filter((n) => n.startsWith(REVIEW))).toEqual([]);

      expect(await columnsHolding(sql(), phrase)).toEqual([]);
      const [counts] = await sql()<{ snapshots: number; updates: number; parts: number; comments: number }[]>`
        select
          (select count(*)::int from collab_documents where left(name, 37) = ${`${REVIEW}.`}) as snapshots,
          (select count(*)::int from collab_updates where left(name, 37) = ${`${REVIEW}.`}) as updates,
          (select count(*)::int from document_version_parts p join document_versions v on v.id = p.version_id
            where v.review_id = ${REVIEW}) as parts,
          (select count(*)::int from comment_threads where review_id = ${REVIEW}) as comments`;
      expect(counts).toEqual({ snapshots: 0, updates: 0, parts: 0, comments: 0 });

      // The tombstone: dates, schools, state; the actions' statuses for the board's counts, without their words.
      const [tombstone] = await sql()<{ state: string; hostSchoolId: string; contentDeletedAt: Date | null }[]>`
        select state, host_school_id, content_deleted_at from reviews where id = ${REVIEW}`;
      expect(tombstone).toMatchObject({ state: 'closed', hostSchoolId: FENBROOK });
      expect(tombstone?.contentDeletedAt?.getTime()).toBe(deletionDay.getTime());
      const kept = await sql()<{ id: string; status: string; text: string }[]>`
        select id, status, text from review_actions where review_id = ${REVIEW} order by id`;
      expect(kept.map(({ id, status }) => ({ id, status }))).toEqual(actions);
      expect(kept.every((action) => action.text === '')).toBe(true);

      const detail = await detailOf('hostHead');
      expect(detail.state).toBe('closed');
      expect(detail.retention).toEqual({ deletesOn: null, contentDeletedOn: londonDay(deletionDay) });
      expect(detail.access.findings).toBe('metadata');
      const ticketAfter = (await as.hostHead.get(`/api/reviews/${REVIEW}/collab`)).body as CollabTicketAnswer;
      expect(ticketAfter.documents).toEqual([]);
      // Nobody can open the live document again, not even with a ticket minted before.
      for (const server of [a, b]) {
        expect(await server.crosswalk.services.documentGrants.decide(hostHeadId, context)).toBe('none');
      }

      expect(await auditCount('retention.review_content_deleted')).toBe(1);
      const [runs] = await sql()<{ n: number; finished: number }[]>`
        select count(*)::int as n, count(finished_at)::int as finished from retention_runs
        where day = ${londonDay(deletionDay)}`;
      expect(runs).toEqual({ n: 1, finished: 1 });
      const [run] = await sql()<{ by: string }[]>`
        select by from retention_runs where day = ${londonDay(deletionDay)}`;
      expect(run?.by).not.toBe('stopped');

      // Passes afterwards find nothing more to delete, and the safeguarding record is still there.
      expect(await tick(after(72, 2))).toMatchObject({ reviewsDeleted: 0, safeguardingDeleted: 0 });
      expect(await a.crosswalk.services.retention.pass(after(72, 2))).toMatchObject({ reviewsDeleted: 0 });
      expect(await auditCount('retention.review_content_deleted')).toBe(1);
      const [still] = await sql()<{ n: number }[]>`
        select count(*)::int as n from safeguarding_concerns where id = ${concern?.id ?? ''}`;
      expect(still?.n).toBe(1);
    });

    it('deletes records of safeguarding concerns only as the host school sets', async () => {
      const path = `/api/schools/${FENBROOK}/safeguarding-retention`;
      const view = (await as.hostHead.get(`/api/schools/${FENBROOK}`)).body as {
        safeguardingRetentionMonths: number | null;
        canEditSafeguardingRetention: boolean;
      };
      expect(view).toMatchObject({ safeguardingRetentionMonths: null, canEditSafeguardingRetention: true });
      // The school's policy: not the partnership lead's to set, nor a visiting reviewer's.
      for (const who of ['partnershipLead', 'leadReviewer', 'linkLead'] as const) {
        expect([403, 404], who).toContain(
          (await as[who].request('PUT', path, { safeguardingRetentionMonths: 24 })).status,
        );
      }
      expect((await as.hostHead.request('PUT', path, { safeguardingRetentionMonths: 6 })).status).toBe(400);
      expect((await as.hostHead.request('PUT', path, { safeguardingRetentionMonths: 24 })).status).toBe(204);

      const [before] = await sql()<{ n: number }[]>`
        select count(*)::int as n from safeguarding_concerns c join review_sessions s on s.id = c.session_id
        where s.review_id = ${REVIEW}`;
      expect(before?.n).toBeGreaterThan(0);
      const pass = await tick(after(72, 3));
      expect(pass?.safeguardingDeleted).toBeGreaterThanOrEqual(before?.n ?? 1);
      const [left] = await sql()<{ n: number }[]>`
        select count(*)::int as n from safeguarding_concerns c join review_sessions s on s.id = c.session_id
        where s.review_id = ${REVIEW}`;
      expect(left?.n).toBe(0);
      const [audited] = await sql()<{ detail: Record<string, unknown> }[]>`
        select detail from audit_events where action = 'retention.safeguarding_records_deleted'
          and subject_id = ${FENBROOK} order by id desc limit 1`;
      expect(audited?.detail).toMatchObject({ retentionMonths: 24 });

      // Back to keeping them.
      expect((await as.hostHead.request('PUT', path, { safeguardingRetentionMonths: null })).status).toBe(204);
    });
  });
}
