import {
  isBreakoutCandidate,
  mayCommit,
  mayFacilitate,
  mayJoinBreakout,
  mayPublish,
  maySeeAllCommitments,
  workshopRole,
  type Actor,
  type AgendaResponse,
  type AgendaUpdate,
  type MediaAnswer,
  type WorkshopCommand,
  type WorkshopCommitment,
  type WorkshopRole,
  type WorkshopState,
} from '@crosswalk/shared';
import type { Sql, Tx } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import type { MediaProvider } from '../sessions/media-provider.ts';
import type { SessionsService, SessionView } from '../sessions/sessions.service.ts';
import { ensureWorkshop } from './ensure-workshop.ts';
import { checkGroups, decide, openBreakouts } from './workshop-machine.ts';
import type { StageWrite, WorkshopsRepository } from './workshops.repository.ts';
import type { WorkshopRecordWriter } from './workshop-record.ts';

export interface WorkshopsServiceDeps {
  sql: Sql;
  workshops: WorkshopsRepository;
  sessions: SessionsService;
  reviews: ReviewsRepository;
  media: MediaProvider;
  events: EventBus;
  logger: Logger;
  /** Writes the workshop record and its actions when a facilitator finishes the workshop. */
  record?: Pick<WorkshopRecordWriter, 'write'>;
}

/** A workshop as one person may use it. */
export interface WorkshopAccess {
  view: SessionView;
  role: WorkshopRole;
}

/** A refused command: the person may not, or the workshop is not in a state where it makes sense. */
export class WorkshopRefusal extends Conflict {}

/**
 * Improvement workshops (docs/domain.md d): the server-authoritative control state (stages, countdown, focus, lock,
 * breakouts) kept in PostgreSQL, the agenda, commitments and breakout media. Each command runs in one transaction
 * on the locked state row, bumps its version and emits `workshop.changed`, which the socket layer broadcasts.
 */
export class WorkshopsService {
  readonly #deps: WorkshopsServiceDeps;
  constructor(deps: WorkshopsServiceDeps) {
    this.#deps = deps;
  }

  /** 404 unless the session is an improvement workshop this person takes part in. Creates it on first open. */
  async access(sessionId: string, actor: Actor): Promise<WorkshopAccess> {
    const view = await this.#deps.sessions.view(sessionId, actor);
    const role = workshopRole(view.review.access);
    if (view.session.kind !== 'improvement_workshop' || role === 'none') {
      throw new NotFound('workshop');
    }
    await ensureWorkshop(this.#deps.sql, sessionId, view.session.reviewId);
    return { view, role };
  }

  async open(sessionId: string, actor: Actor): Promise<{ role: WorkshopRole; state: WorkshopState }> {
    const { role } = await this.access(sessionId, actor);
    return { role, state: await this.state(sessionId) };
  }

  /** The state every screen renders (no permission check: callers have checked). */
  async state(sessionId: string): Promise<WorkshopState> {
    const { workshops } = this.#deps;
    const record = await workshops.record(sessionId);
    if (!record) {
      throw new NotFound('workshop');
    }
    const [stages, groups] = await Promise.all([
      workshops.stages(sessionId),
      workshops.groups(sessionId, record.breakoutsOpen),
    ]);
    return {
      sessionId,
      reviewId: record.reviewId,
      version: record.version,
      stages,
      currentStageId: record.currentStageId,
      stageStartedAt: record.stageStartedAt?.getTime() ?? null,
      timer:
        record.timerEndsAt || record.timerRemainingMs !== null
          ? { endsAt: record.timerEndsAt?.getTime() ?? null, remainingMs: record.timerRemainingMs }
          : null,
      editingLocked: record.editingLocked,
      focus: record.focus,
      breakouts: {
        open: record.breakoutsOpen,
        endsAt: record.breakoutsEndAt?.getTime() ?? null,
        groups,
        broadcast: record.broadcast,
      },
      finishedAt: record.finishedAt?.getTime() ?? null,
    };
  }

  /**
   * A facilitator's command. Throws Refused for anyone else, WorkshopRefusal when it makes no sense now
   * (e.g. "next" on the last stage). Returns the new version.
   */
  async command(sessionId: string, actor: Actor, command: WorkshopCommand): Promise<number> {
    const { view, role } = await this.access(sessionId, actor);
    if (!mayFacilitate(role)) {
      throw new Refused('Only the facilitator can do that.');
    }
    const { workshops } = this.#deps;
    const result = await this.#deps.sql.begin(async (tx) => {
      const record = await workshops.record(sessionId, tx, true);
      if (!record) {
        throw new NotFound('workshop');
      }
      const stages = await workshops.stages(sessionId, tx);
      const now = new Date();
      if (command.type === 'focus' && command.target.kind === 'board') {
        const boardIds = new Set([
          ...(await workshops.mainBoards(sessionId, tx)).map((b) => b.id),
          ...(await workshops.groups(sessionId, true, tx)).flatMap((g) => (g.boardId ? [g.boardId] : [])),
          ...(await workshops.groups(sessionId, false, tx)).flatMap((g) => (g.boardId ? [g.boardId] : [])),
        ]);
        if (!boardIds.has(command.target.boardId)) {
          return { ok: false as const, message: 'That board is not part of this workshop.' };
        }
      }
      let decision;
      if (command.type === 'breakouts_open') {
        const eligible = await this.#eligible(
          tx,
          view,
          command.groups.flatMap((g) => g.memberIds),
        );
        const problem = checkGroups(command.groups, (userId) => eligible.has(userId));
        if (problem) {
          return { ok: false as const, message: problem };
        }
        decision = openBreakouts(record, command.minutes, now);
        if (decision.ok) {
          let position = 0;
          for (const group of command.groups) {
            await workshops.createGroup(tx, sessionId, position++, group.name, group.memberIds);
          }
        }
      } else {
        decision = decide(record, stages, command, now);
        if (decision.ok && decision.changed && command.type === 'breakouts_recall') {
          await workshops.recallGroups(tx, sessionId);
        }
      }
      if (!decision.ok) {
        return decision;
      }
      if (!decision.changed) {
        return { ok: true as const, version: record.version, changed: false };
      }
      return { ok: true as const, version: await workshops.save(tx, decision.record), changed: true };
    });
    if (!result.ok) {
      throw new WorkshopRefusal(result.message);
    }
    if (result.changed) {
      this.#changed(sessionId, view.session.reviewId);
      if (command.type === 'finish') {
        await this.#writeRecord(sessionId, view.session.reviewId, actor.userId);
      }
    }
    return result.version;
  }

  /**
   * Only the process that handled the finish (the one that changed the row) writes, before the facilitator's
   * acknowledgement, so the record is there when they are told. A failure is logged: the workshop stays finished
   * and finishing again writes it.
   */
  async #writeRecord(sessionId: string, reviewId: string, finisherId: string): Promise<void> {
    try {
      await this.#deps.record?.write(sessionId, reviewId, finisherId);
    } catch (error) {
      this.#deps.logger.warn({ err: error, sessionId }, 'could not write the workshop record');
    }
  }

  /** People (by id) who may be put in a breakout group of this workshop (read in the command's transaction). */
  async #eligible(tx: Tx, view: SessionView, userIds: readonly string[]): Promise<Set<string>> {
    const row = view.review.row;
    const eligible = new Set<string>();
    for (const userId of new Set(userIds)) {
      const roles = await this.#deps.reviews.viewerRoles(row, userId, tx);
      if (isBreakoutCandidate({ roles, state: row.state, sharing: row.sharing })) {
        eligible.add(userId);
      }
    }
    return eligible;
  }

  #changed(sessionId: string, reviewId: string): void {
    this.#deps.events.publish('workshop.changed', { sessionId, reviewId });
  }

  async agenda(sessionId: string, actor: Actor): Promise<AgendaResponse> {
    await this.#requireFacilitator(sessionId, actor);
    return this.#agendaOf(sessionId);
  }

  async #agendaOf(sessionId: string): Promise<AgendaResponse> {
    const { workshops } = this.#deps;
    const [stages, boards, record] = await Promise.all([
      workshops.stages(sessionId),
      workshops.mainBoards(sessionId),
      workshops.record(sessionId),
    ]);
    return { stages, boards, currentStageId: record?.currentStageId ?? null };
  }

  /**
   * Replaces the agenda (any time, even mid-workshop). Existing stages keep their id, so the current stage stays
   * current if it is still listed; a board stage without a board gets a new board named after it.
   */
  async replaceAgenda(sessionId: string, actor: Actor, update: AgendaUpdate): Promise<AgendaResponse> {
    const { view } = await this.#requireFacilitator(sessionId, actor);
    const { workshops } = this.#deps;
    await this.#deps.sql.begin(async (tx) => {
      const record = await workshops.record(sessionId, tx, true);
      if (!record) {
        throw new NotFound('workshop');
      }
      const existing = new Set((await workshops.stages(sessionId, tx)).map((s) => s.id));
      const boards = new Set((await workshops.mainBoards(sessionId, tx)).map((b) => b.id));
      const writes: StageWrite[] = [];
      for (const [index, stage] of update.stages.entries()) {
        const path = `stages.${index}`;
        if (stage.id && !existing.has(stage.id)) {
          throw new Invalid('A stage in the list does not belong to this workshop.', [
            { path: `${path}.id`, message: 'Unknown stage.' },
          ]);
        }
        if (stage.boardId && !boards.has(stage.boardId)) {
          throw new Invalid('A stage uses a board that is not part of this workshop.', [
            { path: `${path}.boardId`, message: 'Unknown board.' },
          ]);
        }
        if (stage.activity === 'document' && !stage.documentSection) {
          throw new Invalid('Choose which part of the enquiry document a document stage opens.', [
            { path: `${path}.documentSection`, message: 'Choose a part of the document.' },
          ]);
        }
        let boardId = stage.activity === 'board' ? stage.boardId : null;
        if (stage.activity === 'board' && !boardId) {
          boardId = await workshops.createBoard(tx, sessionId, stage.title);
          boards.add(boardId);
        }
        writes.push({
          id: stage.id,
          title: stage.title,
          minutes: stage.minutes,
          activity: stage.activity,
          move: stage.move,
          guidance: stage.guidance,
          boardId,
          documentSection: stage.activity === 'document' ? stage.documentSection : null,
        });
      }
      const ids = writes.flatMap((w) => (w.id ? [w.id] : []));
      if (new Set(ids).size !== ids.length) {
        throw new Invalid('A stage is listed twice.');
      }
      await workshops.replaceStages(tx, sessionId, writes);
      const kept = record.currentStageId && ids.includes(record.currentStageId);
      if (record.currentStageId && !kept) {
        // The current stage was removed: the workshop waits for the facilitator to start another.
        await workshops.save(tx, { ...record, currentStageId: null, timerEndsAt: null, timerRemainingMs: null });
      } else {
        await workshops.touch(tx, sessionId);
      }
    });
    this.#changed(sessionId, view.session.reviewId);
    return this.#agendaOf(sessionId);
  }

  async #requireFacilitator(sessionId: string, actor: Actor): Promise<WorkshopAccess> {
    const access = await this.access(sessionId, actor);
    if (!mayFacilitate(access.role)) {
      throw new Refused('Only the facilitator can change the agenda.');
    }
    return access;
  }

  /** Saves a personal commitment (one per person, replaced when saved again). */
  async saveCommitment(
    sessionId: string,
    actor: Actor,
    text: string,
  ): Promise<{ mine: WorkshopCommitment | null; all: WorkshopCommitment[] }> {
    const { role } = await this.access(sessionId, actor);
    if (!mayCommit(role)) {
      throw new Refused('Observers do not record commitments.');
    }
    await this.#deps.workshops.saveCommitment(sessionId, actor.userId, text);
    return this.commitments(sessionId, actor);
  }

  /** Your own commitment, and everyone's for facilitators. */
  async commitments(
    sessionId: string,
    actor: Actor,
  ): Promise<{ mine: WorkshopCommitment | null; all: WorkshopCommitment[] }> {
    const { role } = await this.access(sessionId, actor);
    const [mine] = await this.#deps.workshops.commitments(sessionId, actor.userId);
    return {
      mine: mine ?? null,
      all: maySeeAllCommitments(role) ? await this.#deps.workshops.commitments(sessionId) : [],
    };
  }

  /** Every commitment, for the facilitators' live list (no permission check: callers send it to facilitators). */
  allCommitments(sessionId: string): Promise<WorkshopCommitment[]> {
    return this.#deps.workshops.commitments(sessionId);
  }

  /**
   * May this person be in this breakout group's video room now? Members of the group and the facilitators, while
   * the group meets. Returns the parent session (whose video rules and attendance apply), or null.
   */
  async breakoutRoom(groupId: string, actor: Actor): Promise<string | null> {
    const group = await this.#deps.workshops.openGroup(groupId, actor.userId);
    if (!group) {
      return null;
    }
    try {
      const { role } = await this.access(group.sessionId, actor);
      return mayJoinBreakout(role, group.member) ? group.sessionId : null;
    } catch (error) {
      if (error instanceof NotFound) {
        return null;
      }
      throw error;
    }
  }

  /** `GET /api/sessions/:id/workshop/breakouts/:groupId/media`: the group's own video room. */
  async breakoutMedia(
    sessionId: string,
    groupId: string,
    actor: Actor & { displayName: string },
  ): Promise<MediaAnswer> {
    const parent = await this.breakoutRoom(groupId, actor);
    if (parent !== sessionId) {
      throw new NotFound('breakout group');
    }
    const { view } = await this.access(sessionId, actor);
    return this.#deps.media.answer({
      sessionId: groupId,
      userId: actor.userId,
      displayName: actor.displayName,
      canPublish: mayPublish(view.participation),
      // Workshops are adults only: no audio-only activity runs in a breakout group.
      audioOnly: false,
    });
  }

  /** The session whose attendance a video room counts towards: a breakout group's parent, or the session itself. */
  async attendanceSessionOf(roomId: string): Promise<string> {
    return (await this.#deps.workshops.sessionOfGroup(roomId)) ?? roomId;
  }

  /** Breakout rooms still meeting in these sessions (a removed member is evicted from them too). */
  openBreakoutRooms(sessionIds: readonly string[]): Promise<string[]> {
    return sessionIds.length === 0 ? Promise.resolve([]) : this.#deps.workshops.openGroupIds(sessionIds);
  }
}
