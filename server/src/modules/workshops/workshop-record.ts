import {
  addAction,
  attendeeRoleLabel,
  boardDocumentName,
  choosePriorities,
  documentName,
  readClusters,
  readNotes,
  readOutputs,
  recordOutput,
  workshopRecordParagraphs,
  writeWorkshopRecord,
  type BoardCluster,
  type BoardNote,
  type WorkshopMove,
  type WorkshopOutcome,
} from '@crosswalk/shared';
import type { Logger } from '../../logger.ts';
import type { BoardRow, BoardsRepository } from '../boards/boards.repository.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import type { WorkshopsRepository } from './workshops.repository.ts';

/** Stages whose board holds root causes, and stages whose board holds ideas and the vote on them. */
const ROOT_CAUSE_MOVES: readonly WorkshopMove[] = ['five_whys', 'fishbone'];
const IDEA_MOVES: readonly WorkshopMove[] = ['silent_writing', 'dot_vote', 'impact_effort', 'action_drafting'];

interface BoardContent {
  board: BoardRow;
  notes: BoardNote[];
  clusters: BoardCluster[];
}

/**
 * Writes what a finished workshop produced into the enquiry document (docs/domain.md c.9, c.10): the workshop record
 * (focus, facilitator, attendees by role, root causes, ideas, priorities with their votes, how many commitments) and
 * each chosen priority as an action of the plan. Idempotent: the record replaces only its own earlier words, and a
 * priority becomes an action through the same claim (workshop_outputs) as a group drafted on the board, so finishing
 * again, on any process, never adds a second row.
 */
export class WorkshopRecordWriter {
  readonly #deps: {
    workshops: WorkshopsRepository;
    boards: BoardsRepository;
    reviews: ReviewsRepository;
    logger: Logger;
  };
  #live: LiveDocuments | undefined;

  constructor(deps: {
    workshops: WorkshopsRepository;
    boards: BoardsRepository;
    reviews: ReviewsRepository;
    logger: Logger;
  }) {
    this.#deps = deps;
  }

  attach(live: LiveDocuments | undefined): void {
    this.#live = live;
  }

  /** Writes the record and the actions; `finisherId`: the facilitator who finished the workshop. */
  async write(sessionId: string, reviewId: string, finisherId: string): Promise<void> {
    const live = this.#live;
    if (!live) {
      this.#deps.logger.warn({ sessionId }, 'workshop record not written: live documents are not available here');
      return;
    }
    const { workshops, boards, reviews } = this.#deps;
    const [stages, allBoards, review, team, people, commitments] = await Promise.all([
      workshops.stages(sessionId),
      boards.boardsOf(sessionId),
      reviews.find(reviewId),
      reviews.team(reviewId),
      workshops.takingPart(sessionId),
      workshops.commitments(sessionId),
    ]);
    if (!review) {
      return;
    }
    const boardsFor = (moves: readonly WorkshopMove[]) => {
      const ids = new Set(stages.filter((s) => s.move && moves.includes(s.move) && s.boardId).map((s) => s.boardId));
      return allBoards.filter((board) => board.breakoutGroupId === null && ids.has(board.id));
    };
    const read = (board: BoardRow): Promise<BoardContent> =>
      Promise.all([
        live.withDocument(boardDocumentName(reviewId, board.id, 'notes'), (doc) => readNotes(doc)),
        live.withDocument(boardDocumentName(reviewId, board.id, 'layout'), (doc) => readClusters(doc)),
      ]).then(([notes, clusters]) => ({ board, notes, clusters: withNotes(clusters, notes) }));
    const rootBoards = await Promise.all(boardsFor(ROOT_CAUSE_MOVES).map(read));
    const ideaBoards = await Promise.all(boardsFor(IDEA_MOVES).map(read));

    const candidates: { id: string; text: string; boardId: string }[] = [];
    const votes = new Map<string, number>();
    for (const { board, notes, clusters } of ideaBoards) {
      candidates.push(
        ...clusters.map((c) => ({ id: c.id, text: c.name, boardId: board.id })),
        ...notes.map((n) => ({ id: n.id, text: n.text, boardId: board.id })),
      );
      for (const { targetId, votes: n } of await boards.totals(board.id)) {
        votes.set(targetId, (votes.get(targetId) ?? 0) + n);
      }
    }
    const priorities = choosePriorities(candidates, votes);

    const roles = new Map<string, number>();
    for (const userId of new Set([...people, finisherId])) {
      const [role] = await reviews.viewerRoles(review, userId);
      if (role) {
        const label = attendeeRoleLabel(role);
        roles.set(label, (roles.get(label) ?? 0) + 1);
      }
    }
    // Facilitators are the improvement champion and the host headteacher, both on the review's team.
    const facilitator =
      team.find((member) => member.role === 'improvement_champion') ?? team.find((m) => m.userId === finisherId);
    const outcome: WorkshopOutcome = {
      focus: review.focus?.question ?? '',
      facilitator: facilitator?.displayName ?? 'Not recorded',
      attendees: [...roles].map(([role, count]) => ({ role, count })),
      rootCauses: rootBoards.flatMap(({ notes, clusters }) => described(notes, clusters)),
      ideas: ideaBoards.flatMap(({ notes, clusters }) =>
        clusters.length > 0 ? clusters.map((c) => c.name) : notes.map((n) => n.text),
      ),
      priorities: priorities.map(({ text, votes: n }) => ({ text, votes: n })),
      commitments: commitments.length,
    };
    await live.withDocument(documentName(reviewId, 'workshop'), (doc) => {
      writeWorkshopRecord(doc, workshopRecordParagraphs(outcome));
    });
    for (const priority of priorities) {
      await this.#draftAction(live, reviewId, priority, finisherId);
    }
  }

  /** One priority into the action plan, unless it is there already (drafted on the board, or by an earlier finish). */
  async #draftAction(
    live: LiveDocuments,
    reviewId: string,
    priority: { id: string; text: string; boardId: string },
    userId: string,
  ): Promise<void> {
    const { boards } = this.#deps;
    const notesName = boardDocumentName(reviewId, priority.boardId, 'notes');
    const existing = await live.withDocument(notesName, (doc) => readOutputs(doc).get(priority.id));
    if (existing || !(await boards.claimOutput(priority.boardId, priority.id, userId))) {
      return;
    }
    try {
      const actionId = await live.withDocument(documentName(reviewId, 'actions'), (doc) =>
        addAction(doc, { action: priority.text, status: 'not_started' }),
      );
      await live.withDocument(notesName, (doc) => {
        recordOutput(doc, priority.id, actionId);
      });
      await boards.completeOutput(priority.boardId, priority.id, actionId);
    } catch (error) {
      await boards.releaseOutput(priority.boardId, priority.id);
      throw error;
    }
  }
}

/** Clusters with only the notes still on the board. */
function withNotes(clusters: BoardCluster[], notes: BoardNote[]): BoardCluster[] {
  const ids = new Set(notes.map((n) => n.id));
  return clusters.map((c) => ({ ...c, noteIds: c.noteIds.filter((id) => ids.has(id)) }));
}

/** Each group as "name: its notes", then the notes in no group; never who wrote them. */
function described(notes: BoardNote[], clusters: BoardCluster[]): string[] {
  const byId = new Map(notes.map((n) => [n.id, n.text]));
  const grouped = new Set(clusters.flatMap((c) => c.noteIds));
  return [
    ...clusters.map((c) => {
      const texts = c.noteIds.map((id) => byId.get(id) ?? '').filter(Boolean);
      return texts.length > 0 ? `${c.name}: ${texts.join('; ')}` : c.name;
    }),
    ...notes.filter((n) => !grouped.has(n.id)).map((n) => n.text),
  ];
}
