import { DefaultAgenda, InPersonAgenda } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkshop } from '../../server/src/modules/workshops/ensure-workshop.ts';
import { withDemoData } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await withDemoData(server);
});
afterAll(() => server.close());

describe('a workshop is created on first use', () => {
  it('gets the default agenda and its boards exactly once, even when opened by several people at once', async () => {
    const { sql } = server.crosswalk.services.db;
    const [session] = await sql<{ id: string }[]>`
      select id from review_sessions where review_id = ${REVIEW} and kind = 'improvement_workshop'`;
    expect(session).toBeDefined();
    const sessionId = session?.id ?? '';

    await Promise.all([1, 2, 3, 4].map(() => ensureWorkshop(sql, sessionId, REVIEW)));
    await ensureWorkshop(sql, sessionId, REVIEW);

    const workshops = await sql`select current_stage_id, editing_locked from workshops where session_id = ${sessionId}`;
    expect(workshops).toHaveLength(1);
    expect(workshops[0]).toMatchObject({ currentStageId: null, editingLocked: false });
    const stages = await sql<{ title: string; boardId: string | null }[]>`
      select title, board_id from workshop_stages where session_id = ${sessionId} order by position`;
    expect(stages.map((stage) => stage.title)).toEqual(DefaultAgenda.map((stage) => stage.title));
    const boards = await sql<{ id: string }[]>`select id from workshop_boards where session_id = ${sessionId}`;
    expect(boards).toHaveLength(2);
    // "Ideas, then prioritising" and "Action drafting" work on the same board.
    const ideas = stages.filter((stage) => DefaultAgenda.find((s) => s.title === stage.title)?.board === 'ideas');
    expect(ideas).toHaveLength(2);
    expect(ideas[0]?.boardId).toBeTruthy();
    expect(ideas[0]?.boardId).toBe(ideas[1]?.boardId);
  });

  it('starts a review held in person from the half-day agenda (format B), with its gallery of evidence', async () => {
    const { sql } = server.crosswalk.services.db;
    const [review] = await sql<{ id: string }[]>`
      insert into reviews (partnership_id, host_school_id, academic_year, mode, created_by)
      select partnership_id, host_school_id, academic_year, 'in_person', created_by from reviews where id = ${REVIEW}
      returning id`;
    const [session] = await sql<{ id: string }[]>`
      insert into review_sessions (review_id, kind, title, starts_at, ends_at)
      values (${review?.id ?? ''}, 'improvement_workshop', 'Improvement workshop', now(), now() + interval '4 hours')
      returning id`;
    await ensureWorkshop(sql, session?.id ?? '', review?.id ?? '');
    const stages = await sql<{ title: string; minutes: number; move: string | null }[]>`
      select title, minutes, move from workshop_stages where session_id = ${session?.id ?? ''} order by position`;
    expect(stages.map((stage) => [stage.title, stage.minutes, stage.move])).toEqual(
      InPersonAgenda.map((stage) => [stage.title, stage.minutes, stage.move]),
    );
    expect(stages.map((stage) => stage.move)).toContain('gallery');
  });
});
