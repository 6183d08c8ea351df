import {
  academicYearOf,
  boardCsvRecords,
  boardFigures,
  canSeeBoard,
  decideBoardRequest,
  MIN_SCHOOLS,
  reviewsOfTerm,
  yearSpan,
  type Actor,
  type BoardQuery,
  type PartnershipBoard,
  type RawFigure,
} from '@crosswalk/shared';
import { stringify } from 'csv-stringify/sync';
import { NotFound, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { DirectoryRepository, PartnershipSummaryRow } from '../directory/directory.repository.ts';
import { recordSchoolDataRefused } from './board-refusals.ts';
import type { PartnershipBoardRepository } from './partnership-board.repository.ts';

/**
 * School-to-school support matched for these reviews, with the schools on both sides of each match; `null` while
 * the partnership records no support (the board then says "Not yet recorded").
 */
export type SupportMatchedFigure = (partnershipId: string, reviewIds: readonly string[]) => Promise<RawFigure | null>;

export const supportNotRecorded: SupportMatchedFigure = () => Promise.resolve(null);

export interface PartnershipBoardServiceDeps {
  board: PartnershipBoardRepository;
  directory: DirectoryRepository;
  audit: AuditRepository;
  logger: Logger;
  /** The support module's count (not recorded until it exists). */
  supportMatched?: SupportMatchedFigure;
  now?: () => Date;
}

/**
 * The partnership board view (docs/board-view.md): what a local authority, partnership board or quadrant meeting
 * may see of a partnership. Anonymised counts only, every figure drawn from fewer than five schools hidden, and any
 * request for one school's figures refused, logged and audited.
 */
export class PartnershipBoardService {
  readonly #deps: PartnershipBoardServiceDeps;
  readonly #now: () => Date;
  constructor(deps: PartnershipBoardServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  async board(partnershipId: string, actor: Actor, query: BoardQuery): Promise<PartnershipBoard> {
    const partnership = await this.#allowed(partnershipId, actor, query);
    const academicYear = query.year ?? academicYearOf(this.#now());
    const term = query.term ?? null;
    const { board } = this.#deps;
    const [reviews, years] = await Promise.all([
      board.reviews(partnership.id, academicYear),
      board.years(partnership.id),
    ]);
    const counted = reviewsOfTerm(reviews, term).map((r) => r.id);
    const [actions, supportMatched] = await Promise.all([
      board.actions(counted),
      (this.#deps.supportMatched ?? supportNotRecorded)(partnership.id, counted),
    ]);
    return {
      partnership: { id: partnership.id, name: partnership.name },
      academicYear,
      term,
      years: yearSpan([academicYearOf(this.#now()), academicYear, ...years]),
      minimumSchools: MIN_SCHOOLS,
      ...boardFigures({ reviews, actions, term, supportMatched }),
    };
  }

  /** The same board as CSV (with a byte-order mark, so spreadsheet programs read it as UTF-8), and its file name. */
  async csv(partnershipId: string, actor: Actor, query: BoardQuery): Promise<{ fileName: string; body: string }> {
    const board = await this.board(partnershipId, actor, query);
    const body = stringify(boardCsvRecords(board), { bom: true, escape_formulas: true, record_delimiter: 'windows' });
    const slug = board.partnership.name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const fileName = `board-${slug || 'partnership'}-${board.academicYear}${board.term ? `-${board.term}` : ''}.csv`;
    return { fileName, body };
  }

  /**
   * The partnership, for someone who may have this board view: 404 for outsiders; 403 for members who may not open
   * it, and for anyone asking for one school's figures (both logged and audited).
   */
  async #allowed(partnershipId: string, actor: Actor, query: BoardQuery): Promise<PartnershipSummaryRow> {
    const { directory } = this.#deps;
    const partnership = await directory.partnership(partnershipId);
    if (!partnership) {
      throw new NotFound('partnership');
    }
    if (!canSeeBoard(actor, partnership)) {
      if (!(await directory.belongsTo(actor.userId, partnership.id))) {
        throw new NotFound('partnership');
      }
    }
    const decision = decideBoardRequest(actor, partnership, { schoolId: query.schoolId, by: query.by });
    if (decision.ok) {
      return partnership;
    }
    if (query.schoolId !== undefined || query.by !== undefined) {
      await recordSchoolDataRefused(this.#deps, actor, partnership.id, query.schoolId ? 'one_school' : 'breakdown', {
        reason: decision.reason,
      });
    } else {
      this.#deps.logger.warn({ partnershipId: partnership.id, userId: actor.userId }, 'board view refused');
      await this.#deps.audit.record({
        actorUserId: actor.userId,
        action: 'board.view_refused',
        subjectId: partnership.id,
        detail: { reason: decision.reason },
      });
    }
    throw refusalOf(decision);
  }
}
