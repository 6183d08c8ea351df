import { randomUUID } from 'node:crypto';
import {
  addFinding,
  documentName,
  readFindings,
  type CollabTicketAnswer,
  type Finding,
  type ReviewSharingView,
  type SharedPracticeList,
} from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { DEMO_CLOSED_REVIEW_ID } from '../../server/src/demo/demo-closed-review.ts';
import { addAccount, DEMO_PASSWORD, withDemoData } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { FENBROOK_PEOPLE } from '../support/workshop-fixtures.ts';

/**
 * The host headteacher's sharing switches against every role, through the REST routes and the collab ticket's
 * documents; refusal of the switches for everyone else; and the access window after closing.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201'; // Fenbrook, in_review
const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

export type Engine = 'postgres' | 'embedded';

// The platform administrator has no part in any review.
const EMAIL = { ...FENBROOK_PEOPLE, outsider: 'admin@crosswalk.demo' };
type Who = keyof typeof EMAIL;
const EVERYONE = Object.keys(EMAIL) as Who[];

type Documents = Record<string, 'read' | 'write'>;

/** The documents each person may open while the review is in_review, apart from the champion's shared ones. */
const DOCUMENTS: Record<Who, Documents | null> = {
  hostHead: { context: 'write', evidence: 'read', findings: 'read', workshop: 'write', actions: 'write' },
  linkLead: { context: 'write', evidence: 'read', findings: 'read', workshop: 'write', actions: 'write' },
  leadReviewer: { context: 'read', evidence: 'write', findings: 'write', workshop: 'read', actions: 'read' },
  peer: { context: 'read', evidence: 'write', findings: 'write', actions: 'read' },
  champion: { workshop: 'write', actions: 'read' },
  partnershipLead: {},
  clusterMember: null,
  outsider: null,
};

/** Who reads the findings (and so each finding's sharing choice) while the review is in_review. */
const READS_FINDINGS: readonly Who[] = ['hostHead', 'linkLead', 'leadReviewer', 'peer'];

export function sharingSuite(engine: Engine): void {
  describe(`the host's sharing switches and the access window (${engine})`, () => {
    let server: TestServer;
    const as = {} as Record<Who, HttpClient>;

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      for (const who of EVERYONE) {
        as[who] = new HttpClient(server.url);
        expect((await as[who].login(EMAIL[who], DEMO_PASSWORD)).status).toBe(200);
      }
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    const documentsOf = async (who: Who, reviewId = REVIEW): Promise<Documents | null> => {
      const answer = await as[who].get(`/api/reviews/${reviewId}/collab`);
      if (answer.status === 404) {
        return null;
      }
      expect(answer.status).toBe(200);
      const body = answer.body as CollabTicketAnswer;
      return Object.fromEntries(body.documents.map((d) => [d.section, d.access]));
    };
    const setSharing = (who: Who, body: unknown) => as[who].request('PUT', `/api/reviews/${REVIEW}/sharing`, body);
    const auditOf = (action: string) => server.crosswalk.db.sql<{ detail: Record<string, unknown> }[]>`
      select detail from audit_events where action = ${action} and subject_id = ${REVIEW} order by id`;

    it('starts with nothing shared with the improvement champion', async () => {
      const body = (await as.hostHead.get(`/api/reviews/${REVIEW}/sharing`)).body as ReviewSharingView;
      expect(body).toMatchObject({ selfReviewWithChampion: false, evidenceWithChampion: false, canChange: true });
      for (const who of EVERYONE.filter((w) => w !== 'hostHead')) {
        const answer = await as[who].get(`/api/reviews/${REVIEW}/sharing`);
        if (DOCUMENTS[who] === null) {
          expect(answer.status, who).toBe(404);
        } else {
          expect(answer.status, who).toBe(200);
          expect((answer.body as ReviewSharingView).canChange, who).toBe(false);
        }
      }
    });

    for (const selfReviewWithChampion of [true, false]) {
      for (const evidenceWithChampion of [true, false]) {
        it(`self-review ${selfReviewWithChampion ? 'on' : 'off'}, evidence ${evidenceWithChampion ? 'on' : 'off'}: every role gets exactly its part`, async () => {
          const sharing = { selfReviewWithChampion, evidenceWithChampion };
          const answer = await setSharing('hostHead', sharing);
          expect(answer.status).toBe(200);
          expect(answer.body).toMatchObject(sharing);
          for (const who of EVERYONE) {
            const expected = DOCUMENTS[who];
            const champion: Documents =
              who === 'champion'
                ? {
                    ...(selfReviewWithChampion ? { context: 'read' } : {}),
                    ...(evidenceWithChampion ? { evidence: 'read' } : {}),
                  }
                : {};
            expect(await documentsOf(who), who).toEqual(expected === null ? null : { ...expected, ...champion });
            const detail = await as[who].get(`/api/reviews/${REVIEW}`);
            expect(detail.status, who).toBe(expected === null ? 404 : 200);
            if (who === 'champion') {
              const access = (detail.body as { access: Record<string, string> }).access;
              expect(access.self_review).toBe(selfReviewWithChampion ? 'read' : 'none');
              expect(access.evidence_log).toBe(evidenceWithChampion ? 'read' : 'none');
              expect(access.findings).toBe('none');
            }
          }
          const [last] = (await auditOf('review.sharing_changed')).slice(-1);
          expect(last?.detail).toEqual(sharing);
        });
      }
    }

    it('refuses the review switches to everyone but the host headteacher, and changes nothing', async () => {
      const before = (await as.hostHead.get(`/api/reviews/${REVIEW}/sharing`)).body as ReviewSharingView;
      for (const who of EVERYONE.filter((w) => w !== 'hostHead')) {
        const answer = await setSharing(who, { selfReviewWithChampion: true, evidenceWithChampion: true });
        expect(answer.status, who).toBe(DOCUMENTS[who] === null ? 404 : 403);
      }
      expect((await as.hostHead.get(`/api/reviews/${REVIEW}/sharing`)).body).toEqual(before);
      expect((await setSharing('hostHead', { selfReviewWithChampion: true })).status).toBe(400);
      expect(
        (await setSharing('hostHead', { selfReviewWithChampion: 'yes', evidenceWithChampion: false })).status,
      ).toBe(400);
    });

    it('keeps "may be shared beyond the school" per finding, set by the host headteacher alone', async () => {
      const finding = randomUUID();
      const path = `/api/reviews/${REVIEW}/findings/${finding}/sharing`;
      for (const who of EVERYONE.filter((w) => w !== 'hostHead')) {
        const answer = await as[who].request('PUT', path, { shareable: true });
        expect(answer.status, who).toBe(DOCUMENTS[who] === null ? 404 : 403);
      }
      expect((await as.hostHead.request('PUT', path, { shareable: 'yes' })).status).toBe(400);
      expect(
        (await as.hostHead.request('PUT', `/api/reviews/${REVIEW}/findings/not-a-finding/sharing`, { shareable: true }))
          .status,
      ).toBe(404);
      const set = await as.hostHead.request('PUT', path, { shareable: true });
      expect(set.status).toBe(200);
      for (const who of EVERYONE.filter((w) => DOCUMENTS[w] !== null)) {
        const body = (await as[who].get(`/api/reviews/${REVIEW}/sharing`)).body as ReviewSharingView;
        const seen = body.findings.find((f) => f.findingId === finding);
        // The choice is part of the findings: only those who read them see it (the champion after report_agreed).
        expect(seen?.shareable, who).toBe(READS_FINDINGS.includes(who) ? true : undefined);
      }
      expect((await as.hostHead.request('PUT', path, { shareable: false })).status).toBe(200);
      const after = (await as.leadReviewer.get(`/api/reviews/${REVIEW}/sharing`)).body as ReviewSharingView;
      expect(after.findings.find((f) => f.findingId === finding)?.shareable).toBe(false);
      const audited = await auditOf('review.finding_sharing_changed');
      expect(audited.map((a) => a.detail)).toEqual([
        { findingId: finding, shareable: true },
        { findingId: finding, shareable: false },
      ]);
    });

    it("closes the champion's evidence connection at once when the host stops sharing the evidence", async () => {
      expect((await setSharing('hostHead', { selfReviewWithChampion: false, evidenceWithChampion: true })).status).toBe(
        200,
      );
      const ticket = (await as.champion.get(`/api/reviews/${REVIEW}/collab`)).body as CollabTicketAnswer;
      const evidence = ticket.documents.find((d) => d.section === 'evidence');
      expect(evidence?.access).toBe('read');
      const client: TestClient = connectClient(`${server.url.replace('http', 'ws')}/collab`, evidence?.name ?? '', {
        ticket: ticket.ticket,
      });
      try {
        await client.synced();
        expect(client.closeCodes).toEqual([]);
        expect(
          (await setSharing('hostHead', { selfReviewWithChampion: false, evidenceWithChampion: false })).status,
        ).toBe(200);
        await vi.waitFor(() => {
          expect(client.closeCodes.length).toBeGreaterThan(0);
        });
      } finally {
        client.destroy();
      }
    });

    describe('shared practice in the partnership', () => {
      const path = `/api/partnerships/${CLUSTER}/shared-practice`;
      let findings: Finding[] = [];
      const practiceAs = async (client: HttpClient) => {
        const answer = await client.get(path);
        expect(answer.status).toBe(200);
        return (answer.body as SharedPracticeList).practice;
      };
      const share = (reviewId: string, findingId: string, shareable: boolean) =>
        as.hostHead.request('PUT', `/api/reviews/${reviewId}/findings/${findingId}/sharing`, { shareable });

      beforeAll(async () => {
        const collab = server.crosswalk.live.realtime?.collab;
        if (!collab) {
          throw new Error('this process serves no live documents');
        }
        findings = await collab.withDocument(documentName(DEMO_CLOSED_REVIEW_ID, 'findings'), (doc) =>
          readFindings(doc),
        );
      });

      it('shows every school of the partnership the strengths the host chose to share, from agreed reports only', async () => {
        const shared = findings.find((f) => f.kind === 'strength' && f.text.startsWith('Reception phonics'));
        expect(shared).toBeDefined();
        for (const who of ['clusterMember', 'partnershipLead', 'hostHead', 'leadReviewer'] as const) {
          expect(await practiceAs(as[who]), who).toEqual([
            {
              reviewId: DEMO_CLOSED_REVIEW_ID,
              hostSchool: { id: expect.any(String) as string, name: 'Fenbrook Primary' },
              academicYear: expect.any(String) as string,
              findingId: shared?.id,
              label: shared?.label,
              text: shared?.text,
            },
          ]);
        }
        const stranger = new HttpClient(server.url);
        await addAccount(server, 'stranger@elsewhere.example', 'Stranger');
        expect((await stranger.login('stranger@elsewhere.example', DEMO_PASSWORD)).status).toBe(200);
        expect((await stranger.get(path)).status).toBe(404);
      });

      it('never lists an area for development, nor a strength the host has not shared', async () => {
        const development = findings.find((f) => f.kind === 'development');
        const other = findings.find((f) => f.kind === 'strength' && !f.text.startsWith('Reception phonics'));
        expect((await share(DEMO_CLOSED_REVIEW_ID, development?.id ?? '', true)).status).toBe(200);
        const listed = (await practiceAs(as.clusterMember)).map((p) => p.findingId);
        expect(listed).not.toContain(development?.id);
        expect(listed).not.toContain(other?.id);
        expect((await share(DEMO_CLOSED_REVIEW_ID, other?.id ?? '', true)).status).toBe(200);
        expect((await practiceAs(as.clusterMember)).map((p) => p.findingId)).toContain(other?.id);
        expect((await share(DEMO_CLOSED_REVIEW_ID, other?.id ?? '', false)).status).toBe(200);
        expect((await share(DEMO_CLOSED_REVIEW_ID, development?.id ?? '', false)).status).toBe(200);
        expect(await practiceAs(as.clusterMember)).toHaveLength(1);
      });

      it('waits for the report to be agreed before a shared strength is listed', async () => {
        const collab = server.crosswalk.live.realtime?.collab;
        const strength = await collab?.withDocument(documentName(REVIEW, 'findings'), (doc) =>
          addFinding(doc, 'strength', 'Reviewers saw calm, purposeful phonics groups.'),
        );
        expect((await share(REVIEW, strength ?? '', true)).status).toBe(200);
        expect((await practiceAs(as.clusterMember)).map((p) => p.reviewId)).not.toContain(REVIEW);
      });
    });

    describe('after the review closes', () => {
      const visiting: readonly Who[] = ['leadReviewer', 'peer', 'champion'];
      const hostSchool: readonly Who[] = ['hostHead', 'linkLead'];
      const closeAgo = async (days: number) => {
        await server.crosswalk.db.sql`
          update review_transitions set at = now() - make_interval(days => ${days})
          where review_id = ${DEMO_CLOSED_REVIEW_ID} and to_state = 'closed'`;
      };
      const statusOf = async (who: Who) => (await as[who].get(`/api/reviews/${DEMO_CLOSED_REVIEW_ID}`)).status;

      it('stays open to the team within the window (12 months by default)', async () => {
        await closeAgo(300);
        for (const who of [...visiting, ...hostSchool]) {
          expect(await statusOf(who), who).toBe(200);
        }
        const settings = (await as.partnershipLead.get(`/api/partnerships/${CLUSTER}/settings`)).body as {
          memberAccessMonths: number;
        };
        expect(settings.memberAccessMonths).toBe(12);
      });

      it('ends for the reviewers and the champion after the window; the host school keeps it', async () => {
        await closeAgo(400);
        for (const who of visiting) {
          expect(await statusOf(who), who).toBe(404);
          expect(await documentsOf(who, DEMO_CLOSED_REVIEW_ID), who).toBeNull();
          const list = (await as[who].get('/api/reviews')).body as { reviews: { id: string }[] };
          expect(
            list.reviews.map((r) => r.id),
            who,
          ).not.toContain(DEMO_CLOSED_REVIEW_ID);
        }
        for (const who of hostSchool) {
          expect(await statusOf(who), who).toBe(200);
          expect((await documentsOf(who, DEMO_CLOSED_REVIEW_ID))?.findings, who).toBe('read');
        }
      });

      it('follows the window the partnership lead sets, and no one else may set it', async () => {
        const path = `/api/partnerships/${CLUSTER}/access-window`;
        for (const who of ['hostHead', 'leadReviewer', 'clusterMember'] as const) {
          expect([403, 404], who).toContain((await as[who].request('PUT', path, { memberAccessMonths: 24 })).status);
        }
        expect((await as.partnershipLead.request('PUT', path, { memberAccessMonths: 0 })).status).toBe(400);
        expect((await as.partnershipLead.request('PUT', path, { memberAccessMonths: 1.5 })).status).toBe(400);
        expect((await as.partnershipLead.request('PUT', path, { memberAccessMonths: 24 })).status).toBe(204);
        for (const who of visiting) {
          expect(await statusOf(who), who).toBe(200);
        }
        expect((await as.partnershipLead.request('PUT', path, { memberAccessMonths: 6 })).status).toBe(204);
        await closeAgo(200);
        for (const who of visiting) {
          expect(await statusOf(who), who).toBe(404);
        }
        const [audited] = await server.crosswalk.db.sql<{ detail: Record<string, unknown> }[]>`
          select detail from audit_events where action = 'partnership.access_window_changed' order by id desc limit 1`;
        expect(audited?.detail).toEqual({ memberAccessMonths: 6 });
      });

      it('keeps the host headteacher in charge of sharing a closed review', async () => {
        const answer = await as.hostHead.get(`/api/reviews/${DEMO_CLOSED_REVIEW_ID}/sharing`);
        expect(answer.status).toBe(200);
        const body = answer.body as ReviewSharingView;
        expect(body.canChange).toBe(true);
        // The demo's agreed report has one strength its host chose to share.
        expect(body.findings.filter((f) => f.shareable)).toHaveLength(1);
      });
    });
  });
}
