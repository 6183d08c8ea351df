import { AgendaTemplateStages, DefaultBoardTitles, agendaTemplateFor, type ReviewMode } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';

/**
 * Creates the workshop of an improvement-workshop session the first time anyone opens it: the agenda template for
 * how the review runs (docs/domain.md d.2: the half day in person, else the 90 minutes online) and its boards. Idempotent and safe under concurrency (a second caller finds the row). The
 * caller has already checked that the session exists, is an improvement workshop and that the person may see it.
 */
export async function ensureWorkshop(sql: Sql, sessionId: string, reviewId: string): Promise<void> {
  const [existing] = await sql`select 1 from workshops where session_id = ${sessionId}`;
  if (existing) {
    return;
  }
  await sql.begin(async (tx) => {
    const [created] = await tx`
      insert into workshops (session_id, review_id) values (${sessionId}, ${reviewId})
      on conflict (session_id) do nothing returning session_id`;
    if (!created) {
      return;
    }
    const boards = new Map<string, string>();
    for (const [key, title] of Object.entries(DefaultBoardTitles)) {
      const [board] = await tx<{ id: string }[]>`
        insert into workshop_boards (session_id, title) values (${sessionId}, ${title}) returning id`;
      if (board) {
        boards.set(key, board.id);
      }
    }
    const [review] = await tx<{ mode: ReviewMode }[]>`select mode from reviews where id = ${reviewId}`;
    let position = 0;
    for (const stage of AgendaTemplateStages[agendaTemplateFor(review?.mode ?? 'virtual')]) {
      await tx`
        insert into workshop_stages
          (session_id, position, title, minutes, activity, move, guidance, board_id, document_section)
        values
          (${sessionId}, ${position++}, ${stage.title}, ${stage.minutes}, ${stage.activity}, ${stage.move},
           ${stage.guidance}, ${stage.board ? (boards.get(stage.board) ?? null) : null}, ${stage.documentSection})`;
    }
  });
}
