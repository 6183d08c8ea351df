import type { SignOff, SignOffList } from '@crosswalk/shared';
import { describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client.ts';
import type { ErrorBody } from '../support/fixtures.ts';
import { useDemoServer } from '../support/demo-app.ts';
import { FENBROOK_PEOPLE, FENBROOK_REVIEW } from '../support/workshop-fixtures.ts';
import { recordFeedback, recordFinding } from '../support/lifecycle.ts';

const REVIEW = FENBROOK_REVIEW;
const P = FENBROOK_PEOPLE;

const demo = useDemoServer(Object.values(P));
const as = (email: string): HttpClient => demo.as(email);

const signOff = (email: string, body: unknown = {}) => as(email).post(`/api/reviews/${REVIEW}/sign-offs`, body);
const list = async (email: string) => (await as(email).get(`/api/reviews/${REVIEW}/sign-offs`)).body as SignOffList;
const transition = async (email: string, action: string) => {
  const response = await as(email).post(`/api/reviews/${REVIEW}/transitions`, { action });
  expect(response.status).toBe(200);
};

describe('signing off the enquiry document', () => {
  it('is refused before feedback has been given (409), with the reason, and nothing is recorded', async () => {
    const response = await signOff(P.leadReviewer);
    expect(response.status).toBe(409);
    expect((response.body as ErrorBody).error.message).toMatch(/once the lead reviewer has given feedback/);
    const mine = await list(P.leadReviewer);
    expect(mine.signOffs).toEqual([]);
    expect(mine.mySignOff).toMatchObject({ role: null });
  });

  it('lets the lead reviewer sign as themselves once feedback is given, saving what was signed', async () => {
    await transition(P.leadReviewer, 'start_synthesis');
    const [lead] = await demo.server.crosswalk.db.sql<{ id: string; displayName: string }[]>`
      select id, display_name from users where email = ${P.leadReviewer}`;
    await recordFinding(demo.server, REVIEW, { id: lead?.id ?? '', name: lead?.displayName ?? '' });
    await recordFeedback(demo.server, REVIEW, '2026-11-24');
    await transition(P.leadReviewer, 'give_feedback');
    expect((await list(P.leadReviewer)).mySignOff).toEqual({ role: 'lead_reviewer' });

    const response = await signOff(P.leadReviewer, { note: 'Subject to the correction to E04' });
    expect(response.status).toBe(201);
    const signed = response.body as SignOff;
    expect(signed).toMatchObject({
      role: 'lead_reviewer',
      signedBy: { displayName: expect.stringContaining('Lead Reviewer') as string },
      reviewState: 'feedback_given',
      note: 'Subject to the correction to E04',
      version: {
        label: 'Signed off by the lead reviewer',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      },
    });
    // The named version it refers to is a real version of this review.
    const version = await as(P.leadReviewer).get(`/api/reviews/${REVIEW}/versions/${signed.version?.id ?? ''}`);
    expect(version.status).toBe(200);
    expect(version.body).toMatchObject({ label: 'Signed off by the lead reviewer' });
  });

  it('has the host headteacher sign by accepting the report, and never lets anyone sign as someone else', async () => {
    const response = await signOff(P.hostHead, { role: 'lead_reviewer', signedBy: 'someone' });
    expect(response.status).toBe(400);
    const separately = await signOff(P.hostHead);
    expect(separately.status).toBe(409);
    expect((separately.body as ErrorBody).error.message).toMatch(/by accepting the report/);
    expect((await list(P.hostHead)).mySignOff).toMatchObject({ role: null });
    await transition(P.hostHead, 'accept_report');
    const [accepted] = (await list(P.hostHead)).signOffs;
    expect(accepted).toMatchObject({
      role: 'host_headteacher',
      signedBy: { displayName: 'Headteacher (Fenbrook)' },
      reviewState: 'feedback_given',
      version: { label: 'Report accepted by the host headteacher' },
    });
  });

  it('refuses everyone else on the review with 403, and people outside it with 404', async () => {
    for (const email of [P.peer, P.linkLead, P.champion, P.partnershipLead]) {
      const response = await signOff(email);
      expect({ email, status: response.status }).toEqual({ email, status: 403 });
    }
    expect((await signOff(P.clusterMember)).status).toBe(404);
    expect((await as(P.clusterMember).get(`/api/reviews/${REVIEW}/sign-offs`)).status).toBe(404);
    // The partnership lead sees the review but not its findings.
    expect((await as(P.partnershipLead).get(`/api/reviews/${REVIEW}/sign-offs`)).status).toBe(403);
    expect((await signOff(P.leadReviewer, { note: 'x'.repeat(501) })).status).toBe(400);
  });

  it('shows every signature, newest first, to people who read the findings', async () => {
    const seen = await list(P.peer);
    expect(seen.signOffs.map((s) => s.role)).toEqual(['host_headteacher', 'lead_reviewer']);
    expect(seen.mySignOff).toMatchObject({
      role: null,
      reason: expect.stringMatching(/Only the lead reviewer/) as string,
    });
  });

  it('is append-only: signing again adds a signature, and the database refuses to change or delete one', async () => {
    expect((await signOff(P.leadReviewer)).status).toBe(201);
    expect((await list(P.hostHead)).signOffs.map((s) => s.role)).toEqual([
      'lead_reviewer',
      'host_headteacher',
      'lead_reviewer',
    ]);
    const { sql } = demo.server.crosswalk.db;
    await expect(sql`update review_sign_offs set role = 'host_headteacher'`).rejects.toThrow(/append-only/);
    await expect(sql`delete from review_sign_offs`).rejects.toThrow(/append-only/);
    await expect(sql`truncate review_sign_offs`).rejects.toThrow(/append-only/);
    const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`
      select count(*)::int as count from review_sign_offs where review_id = ${REVIEW}`;
    expect(count).toBe(3);
  });

  it('records each signature in the audit trail, without the note', async () => {
    const rows = await demo.server.crosswalk.db.sql<{ action: string; detail: Record<string, unknown> }[]>`
      select action, detail from audit_events where action = 'review.signed_off' and subject_id = ${REVIEW} order by id`;
    expect(rows.map((r) => r.detail['role'])).toEqual(['lead_reviewer', 'host_headteacher', 'lead_reviewer']);
    expect(JSON.stringify(rows)).not.toContain('correction to E04');
    expect(rows[0]?.detail).toMatchObject({ reviewState: 'feedback_given', versionId: expect.any(String) as string });
  });

  it('is refused once the review has closed', async () => {
    await demo.server.crosswalk.db.sql`update reviews set state = 'closed' where id = ${REVIEW}`;
    const response = await signOff(P.leadReviewer);
    expect(response.status).toBe(409);
    expect((await list(P.hostHead)).signOffs).toHaveLength(3);
  });
});
