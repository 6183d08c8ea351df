import type { Sql } from '../../db/client.ts';

export interface BoardRow {
  id: string;
  sessionId: string;
  reviewId: string;
  title: string;
  votesPerPerson: number;
  votesRevealedAt: Date | null;
  breakoutGroupId: string | null;
  editingLocked: boolean;
}

export type VoteOutcome =
  | { ok: true; myVotes: Record<string, number>; used: number; allowance: number }
  | { ok: false; reason: 'revealed' | 'allowance' | 'none_to_take_back'; allowance: number };

const BOARD_COLUMNS = (sql: Sql) => sql`
  b.id, b.session_id, w.review_id, b.title, b.votes_per_person, b.votes_revealed_at, b.breakout_group_id,
  w.editing_locked`;

/** SQL of boards: who wrote which note (never sent to anyone but the author), dot votes and their allowance. */
export class BoardsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async board(boardId: string): Promise<BoardRow | undefined> {
    const [row] = await this.#sql<BoardRow[]>`
      select ${BOARD_COLUMNS(this.#sql)}
      from workshop_boards b join workshops w on w.session_id = b.session_id
      where b.id = ${boardId}`;
    return row;
  }

  async boardsOf(sessionId: string): Promise<BoardRow[]> {
    return this.#sql<BoardRow[]>`
      select ${BOARD_COLUMNS(this.#sql)}
      from workshop_boards b join workshops w on w.session_id = b.session_id
      where b.session_id = ${sessionId}
      order by b.breakout_group_id nulls first, b.created_at, b.id`;
  }

  /** Claims a board group for one action-plan row; false if someone already has (the primary key decides). */
  async claimOutput(boardId: string, clusterId: string, userId: string): Promise<boolean> {
    const rows = await this.#sql`
      insert into workshop_outputs (board_id, cluster_id, claimed_by) values (${boardId}, ${clusterId}, ${userId})
      on conflict (board_id, cluster_id) do nothing returning 1`;
    return rows.length === 1;
  }

  async completeOutput(boardId: string, clusterId: string, actionId: string): Promise<void> {
    await this.#sql`
      update workshop_outputs set action_id = ${actionId} where board_id = ${boardId} and cluster_id = ${clusterId}`;
  }

  /** Gives a claim back when the row could not be written, so the group can be drafted again. */
  async releaseOutput(boardId: string, clusterId: string): Promise<void> {
    await this.#sql`
      delete from workshop_outputs where board_id = ${boardId} and cluster_id = ${clusterId} and action_id is null`;
  }

  /** For a breakout group's board: whether this person is in the group and whether the groups were recalled. */
  async breakoutFacts(groupId: string, userId: string): Promise<{ member: boolean; recalled: boolean }> {
    const [row] = await this.#sql<{ member: boolean; recalled: boolean }[]>`
      select g.recalled_at is not null as recalled,
        exists (select 1 from workshop_breakout_members m where m.group_id = g.id and m.user_id = ${userId}) as member
      from workshop_breakout_groups g where g.id = ${groupId}`;
    // A board whose group is gone is treated like a recalled one: read-only.
    return row ?? { member: false, recalled: true };
  }

  async editingLocked(sessionId: string): Promise<boolean> {
    const [row] = await this.#sql<{ editingLocked: boolean }[]>`
      select editing_locked from workshops where session_id = ${sessionId}`;
    return row?.editingLocked ?? false;
  }

  async countNotes(boardId: string): Promise<number> {
    const [row] = await this.#sql<{ n: number }[]>`
      select count(*)::int as n from workshop_note_authors where board_id = ${boardId}`;
    return row?.n ?? 0;
  }

  async addNoteAuthor(noteId: string, boardId: string, userId: string, anonymous: boolean): Promise<void> {
    await this.#sql`
      insert into workshop_note_authors (note_id, board_id, user_id, anonymous)
      values (${noteId}, ${boardId}, ${userId}, ${anonymous})`;
  }

  async noteAuthor(boardId: string, noteId: string): Promise<string | undefined> {
    const [row] = await this.#sql<{ userId: string }[]>`
      select user_id from workshop_note_authors where note_id = ${noteId} and board_id = ${boardId}`;
    return row?.userId;
  }

  /** Removes a note's authorship and the votes cast on it (they return to the voters). */
  /** Removes a note's author row and every vote on it; answers who had voted for it (their votes come back). */
  async removeNote(boardId: string, noteId: string): Promise<string[]> {
    return this.#sql.begin(async (tx) => {
      await tx`delete from workshop_note_authors where note_id = ${noteId} and board_id = ${boardId}`;
      const voters = await tx<{ userId: string }[]>`
        delete from workshop_votes where board_id = ${boardId} and target_id = ${noteId} returning user_id`;
      return voters.map((row) => row.userId);
    });
  }

  async myNoteIds(boardId: string, userId: string): Promise<string[]> {
    const rows = await this.#sql<{ noteId: string }[]>`
      select note_id from workshop_note_authors where board_id = ${boardId} and user_id = ${userId}
      order by created_at, note_id`;
    return rows.map((row) => row.noteId);
  }

  async myVotes(boardId: string, userId: string): Promise<Record<string, number>> {
    const rows = await this.#sql<{ targetId: string; votes: number }[]>`
      select target_id, votes from workshop_votes where board_id = ${boardId} and user_id = ${userId}`;
    return Object.fromEntries(rows.map((row) => [row.targetId, row.votes]));
  }

  async voters(boardId: string): Promise<number> {
    const [row] = await this.#sql<{ n: number }[]>`
      select count(distinct user_id)::int as n from workshop_votes where board_id = ${boardId}`;
    return row?.n ?? 0;
  }

  async totals(boardId: string): Promise<{ targetId: string; votes: number }[]> {
    return this.#sql<{ targetId: string; votes: number }[]>`
      select target_id, sum(votes)::int as votes from workshop_votes where board_id = ${boardId}
      group by target_id order by votes desc, target_id`;
  }

  /**
   * Adds or takes back one vote in one transaction, with the board row locked, so two quick clicks (or two tabs)
   * can never spend more than the allowance.
   */
  async vote(boardId: string, userId: string, targetId: string, change: 1 | -1): Promise<VoteOutcome> {
    return this.#sql.begin(async (tx): Promise<VoteOutcome> => {
      const [board] = await tx<{ votesPerPerson: number; votesRevealedAt: Date | null }[]>`
        select votes_per_person, votes_revealed_at from workshop_boards where id = ${boardId} for update`;
      const allowance = board?.votesPerPerson ?? 0;
      if (!board || board.votesRevealedAt) {
        return { ok: false, reason: 'revealed', allowance };
      }
      const [spent] = await tx<{ used: number }[]>`
        select coalesce(sum(votes), 0)::int as used from workshop_votes
        where board_id = ${boardId} and user_id = ${userId}`;
      let used = spent?.used ?? 0;
      if (change === 1) {
        if (used >= allowance) {
          return { ok: false, reason: 'allowance', allowance };
        }
        await tx`
          insert into workshop_votes (board_id, user_id, target_id, votes) values (${boardId}, ${userId}, ${targetId}, 1)
          on conflict (board_id, user_id, target_id) do update set votes = workshop_votes.votes + 1`;
        used += 1;
      } else {
        const [left] = await tx<{ votes: number }[]>`
          update workshop_votes set votes = votes - 1
          where board_id = ${boardId} and user_id = ${userId} and target_id = ${targetId} and votes > 1
          returning votes`;
        if (!left) {
          const removed = await tx`
            delete from workshop_votes
            where board_id = ${boardId} and user_id = ${userId} and target_id = ${targetId} returning 1`;
          if (removed.length === 0) {
            return { ok: false, reason: 'none_to_take_back', allowance };
          }
        }
        used -= 1;
      }
      const rows = await tx<{ targetId: string; votes: number }[]>`
        select target_id, votes from workshop_votes where board_id = ${boardId} and user_id = ${userId}`;
      return { ok: true, myVotes: Object.fromEntries(rows.map((r) => [r.targetId, r.votes])), used, allowance };
    });
  }

  /** Reveals the votes (once); answers whether this call revealed them. */
  async reveal(boardId: string): Promise<boolean> {
    const rows = await this.#sql`
      update workshop_boards set votes_revealed_at = now() where id = ${boardId} and votes_revealed_at is null
      returning 1`;
    return rows.length > 0;
  }

  /** Sets the allowance, only while nobody has voted; answers whether it changed. */
  async setVotesPerPerson(boardId: string, votesPerPerson: number): Promise<boolean> {
    const rows = await this.#sql`
      update workshop_boards set votes_per_person = ${votesPerPerson}
      where id = ${boardId} and votes_revealed_at is null
        and not exists (select 1 from workshop_votes where board_id = ${boardId})
      returning 1`;
    return rows.length > 0;
  }
}
