import type { WorkshopBreakoutGroup, WorkshopCommitment, WorkshopStage } from '@crosswalk/shared';
import type { Queryable, Sql, Tx } from '../../db/client.ts';
import type { WorkshopRecord } from './workshop-machine.ts';

interface RecordRow extends Omit<WorkshopRecord, 'version'> {
  version: string;
}

/** A stage to store: an existing id keeps the stage (and its place as the current stage). */
export interface StageWrite extends Omit<WorkshopStage, 'id'> {
  id: string | undefined;
}

const toRecord = (row: RecordRow): WorkshopRecord => ({ ...row, version: Number(row.version) });

/**
 * All SQL of workshop control: the state row, the agenda, breakout groups and commitments. Writes that belong to a
 * command take its transaction (`Tx`); the shared connection is not accepted there.
 */
export class WorkshopsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** The state row; `forUpdate` locks it until the transaction ends, so commands apply one at a time. */
  async record(sessionId: string, tx: Queryable = this.#sql, forUpdate = false): Promise<WorkshopRecord | undefined> {
    const [row] = forUpdate
      ? await tx<RecordRow[]>`
          select session_id, review_id, current_stage_id, stage_started_at, timer_ends_at, timer_remaining_ms,
                 editing_locked, focus, breakouts_open, breakouts_end_at, broadcast, finished_at, version::text
          from workshops where session_id = ${sessionId} for update`
      : await tx<RecordRow[]>`
          select session_id, review_id, current_stage_id, stage_started_at, timer_ends_at, timer_remaining_ms,
                 editing_locked, focus, breakouts_open, breakouts_end_at, broadcast, finished_at, version::text
          from workshops where session_id = ${sessionId}`;
    return row ? toRecord(row) : undefined;
  }

  /** Writes the whole state row and bumps its version; returns the new version. */
  async save(tx: Tx, record: WorkshopRecord): Promise<number> {
    const json = (value: unknown) => (value === null ? null : tx.json(value as Parameters<Tx['json']>[0]));
    const [row] = await tx<{ version: string }[]>`
      update workshops set
        current_stage_id = ${record.currentStageId},
        stage_started_at = ${record.stageStartedAt},
        timer_ends_at = ${record.timerEndsAt},
        timer_remaining_ms = ${record.timerRemainingMs},
        editing_locked = ${record.editingLocked},
        focus = ${json(record.focus)},
        breakouts_open = ${record.breakoutsOpen},
        breakouts_end_at = ${record.breakoutsEndAt},
        broadcast = ${json(record.broadcast)},
        finished_at = ${record.finishedAt},
        version = version + 1,
        updated_at = now()
      where session_id = ${record.sessionId}
      returning version::text`;
    if (!row) {
      throw new Error('the workshop disappeared while it was being changed');
    }
    return Number(row.version);
  }

  /** Bumps the version alone (the agenda changed). */
  async touch(tx: Tx, sessionId: string): Promise<void> {
    await tx`update workshops set version = version + 1, updated_at = now() where session_id = ${sessionId}`;
  }

  async stages(sessionId: string, tx: Queryable = this.#sql): Promise<WorkshopStage[]> {
    return tx<WorkshopStage[]>`
      select id, title, minutes, activity, move, guidance, board_id, document_section
      from workshop_stages where session_id = ${sessionId} order by position`;
  }

  /** Boards of the main room (not of a breakout group): the ones a stage may use. */
  async mainBoards(sessionId: string, tx: Queryable = this.#sql): Promise<{ id: string; title: string }[]> {
    return tx<{ id: string; title: string }[]>`
      select id, title from workshop_boards
      where session_id = ${sessionId} and breakout_group_id is null order by created_at, title`;
  }

  async createBoard(tx: Tx, sessionId: string, title: string, groupId: string | null = null): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into workshop_boards (session_id, title, breakout_group_id)
      values (${sessionId}, ${title}, ${groupId}) returning id`;
    if (!row) {
      throw new Error('a board could not be created');
    }
    return row.id;
  }

  /** Replaces the agenda: stages not listed are deleted, listed ones updated or inserted, in the given order. */
  async replaceStages(tx: Tx, sessionId: string, stages: readonly StageWrite[]): Promise<void> {
    const keep = stages.flatMap((stage) => (stage.id ? [stage.id] : []));
    await tx`delete from workshop_stages where session_id = ${sessionId} and not (id = any(${keep}::uuid[]))`;
    let position = 0;
    for (const stage of stages) {
      if (stage.id) {
        await tx`
          update workshop_stages set position = ${position}, title = ${stage.title}, minutes = ${stage.minutes},
            activity = ${stage.activity}, move = ${stage.move}, guidance = ${stage.guidance},
            board_id = ${stage.boardId}, document_section = ${stage.documentSection}
          where id = ${stage.id} and session_id = ${sessionId}`;
      } else {
        await tx`
          insert into workshop_stages
            (session_id, position, title, minutes, activity, move, guidance, board_id, document_section)
          values (${sessionId}, ${position}, ${stage.title}, ${stage.minutes}, ${stage.activity}, ${stage.move},
            ${stage.guidance}, ${stage.boardId}, ${stage.documentSection})`;
      }
      position++;
    }
  }

  /** Groups meeting now (open) or every recalled group (closed), with their members' names. */
  async groups(sessionId: string, open: boolean, tx: Queryable = this.#sql): Promise<WorkshopBreakoutGroup[]> {
    const rows = await tx<
      { id: string; name: string; boardId: string | null; recalledAt: Date | null; members: unknown }[]
    >`
      select g.id, g.name, g.board_id, g.recalled_at,
        coalesce((
          select json_agg(json_build_object('userId', u.id, 'displayName', u.display_name) order by u.display_name)
          from workshop_breakout_members m join users u on u.id = m.user_id where m.group_id = g.id
        ), '[]'::json) as members
      from workshop_breakout_groups g
      where g.session_id = ${sessionId} and (g.recalled_at is null) = ${open}
      order by g.created_at, g.position`;
    return rows.map((row) => {
      const members = row.members as { userId: string; displayName: string }[];
      return {
        id: row.id,
        name: row.name,
        boardId: row.boardId,
        memberIds: members.map((m) => m.userId),
        members,
        recalledAt: row.recalledAt?.getTime() ?? null,
      };
    });
  }

  async createGroup(
    tx: Tx,
    sessionId: string,
    position: number,
    name: string,
    memberIds: readonly string[],
  ): Promise<string> {
    const [group] = await tx<{ id: string }[]>`
      insert into workshop_breakout_groups (session_id, position, name)
      values (${sessionId}, ${position}, ${name}) returning id`;
    if (!group) {
      throw new Error('a breakout group could not be created');
    }
    const boardId = await this.createBoard(tx, sessionId, `${name}: board`, group.id);
    await tx`update workshop_breakout_groups set board_id = ${boardId} where id = ${group.id}`;
    for (const userId of memberIds) {
      await tx`insert into workshop_breakout_members (group_id, user_id) values (${group.id}, ${userId})`;
    }
    return group.id;
  }

  async recallGroups(tx: Tx, sessionId: string): Promise<void> {
    await tx`
      update workshop_breakout_groups set recalled_at = now() where session_id = ${sessionId} and recalled_at is null`;
  }

  /** A breakout group still meeting, with its workshop and whether the person is one of its members. */
  async openGroup(groupId: string, userId: string): Promise<{ sessionId: string; member: boolean } | undefined> {
    const [row] = await this.#sql<{ sessionId: string; member: boolean }[]>`
      select g.session_id,
        exists (select 1 from workshop_breakout_members m where m.group_id = g.id and m.user_id = ${userId}) as member
      from workshop_breakout_groups g where g.id = ${groupId} and g.recalled_at is null`;
    return row;
  }

  /** The workshop a breakout group belongs to (recalled or not). */
  async sessionOfGroup(groupId: string): Promise<string | undefined> {
    const [row] = await this.#sql<{ sessionId: string }[]>`
      select session_id from workshop_breakout_groups where id = ${groupId}`;
    return row?.sessionId;
  }

  /** Breakout groups still meeting in these sessions (for evictions). */
  async openGroupIds(sessionIds: readonly string[]): Promise<string[]> {
    const rows = await this.#sql<{ id: string }[]>`
      select id from workshop_breakout_groups where session_id = any(${sessionIds as string[]}::uuid[]) and recalled_at is null`;
    return rows.map((row) => row.id);
  }

  async saveCommitment(sessionId: string, userId: string, text: string): Promise<void> {
    await this.#sql`
      insert into workshop_commitments (session_id, user_id, text) values (${sessionId}, ${userId}, ${text})
      on conflict (session_id, user_id) do update set text = excluded.text, updated_at = now()`;
  }

  async commitments(sessionId: string, userId?: string): Promise<WorkshopCommitment[]> {
    const rows = await this.#sql<{ userId: string; displayName: string; text: string; updatedAt: Date }[]>`
      select c.user_id, u.display_name, c.text, c.updated_at
      from workshop_commitments c join users u on u.id = c.user_id
      where c.session_id = ${sessionId} and (${userId ?? null}::uuid is null or c.user_id = ${userId ?? null})
      order by u.display_name`;
    return rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
  }

  /** Who took part in a workshop: joined its video, wrote a note, voted or made a commitment. */
  async takingPart(sessionId: string): Promise<string[]> {
    const rows = await this.#sql<{ userId: string }[]>`
      select user_id from session_attendance where session_id = ${sessionId}
      union select a.user_id from workshop_note_authors a join workshop_boards b on b.id = a.board_id
        where b.session_id = ${sessionId}
      union select v.user_id from workshop_votes v join workshop_boards b on b.id = v.board_id
        where b.session_id = ${sessionId}
      union select user_id from workshop_commitments where session_id = ${sessionId}`;
    return rows.map((row) => row.userId);
  }
}
