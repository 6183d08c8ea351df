import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { WorkshopRole } from '../workshops/state.ts';
import { atLeast, reviewAccess, type ReviewAccessContext } from './reviews.ts';

/**
 * Who does what in an improvement workshop (docs/domain.md e.2, "workshop board and outputs": host head and host staff
 * write, the improvement champion writes and facilitates, the lead reviewer reads, nobody else sees it). The host
 * headteacher may also run the console, so a workshop can go ahead if the champion drops out.
 */
const FACILITATOR_ROLES: readonly ReviewViewerRole[] = ['improvement_champion', 'host_headteacher'];

export function workshopRole(ctx: ReviewAccessContext): WorkshopRole {
  const access = reviewAccess(ctx, 'workshop');
  if (atLeast(access, 'write')) {
    return ctx.roles.some((role) => FACILITATOR_ROLES.includes(role)) ? 'facilitator' : 'participant';
  }
  return atLeast(access, 'read') ? 'observer' : 'none';
}

/** Facilitator-only commands: stages, timer, focus, lock, breakouts, revealing votes. */
export function mayFacilitate(role: WorkshopRole): boolean {
  return role === 'facilitator';
}

/** Personal commitments: everyone who works in the workshop (not observers, nor anyone once the review is closed). */
export function mayCommit(role: WorkshopRole): boolean {
  return role === 'facilitator' || role === 'participant';
}

/** Everyone's commitments are shown to the facilitators (the improvement champion and the host headteacher). */
export function maySeeAllCommitments(role: WorkshopRole): boolean {
  return role === 'facilitator';
}

/**
 * Whether a person may be put in one of this workshop's breakout groups when the facilitator splits the room: anyone
 * who takes part in the workshop at all (observers included), judged by their own roles on the review.
 */
export function isBreakoutCandidate(ctx: ReviewAccessContext): boolean {
  return workshopRole(ctx) !== 'none';
}

/** Who may be put in a breakout group: anyone in the workshop; facilitators may also visit every group's room. */
export function mayJoinBreakout(role: WorkshopRole, member: boolean): boolean {
  return role === 'facilitator' || (member && role !== 'none');
}

/** Adding notes, clustering, voting, placing on the grid: participants unless locked; facilitators always. */
export function mayContribute(role: WorkshopRole, editingLocked: boolean): boolean {
  return role === 'facilitator' || (role === 'participant' && !editingLocked);
}

/**
 * Workshop outputs: turning chosen clusters into rows of the enquiry document's action plan during the workshop.
 * The action plan itself is read-only for the improvement champion in the matrix (docs/domain.md e.2), but drafting the
 * plan is what the workshop is for, so its facilitators may add rows from the board, and participants too while
 * editing is not locked. This is the only way a workshop writes to the action plan (rows are added, never edited).
 */
export function mayDraftActions(
  role: WorkshopRole,
  editingLocked: boolean,
  breakout: BreakoutBoardFacts | null = null,
): boolean {
  return mayContributeToBoard(role, editingLocked, breakout);
}

/**
 * A breakout group's board (null for the main room's boards): while the group meets, its members change it; once the
 * facilitator recalls the groups it comes back to the main room read-only. Facilitators may always change it.
 */
export interface BreakoutBoardFacts {
  member: boolean;
  recalled: boolean;
}

/** Adding notes, grouping, voting and placing on one board: `mayContribute`, narrowed for breakout boards. */
export function mayContributeToBoard(
  role: WorkshopRole,
  editingLocked: boolean,
  breakout: BreakoutBoardFacts | null,
): boolean {
  if (breakout && role !== 'facilitator' && (!breakout.member || breakout.recalled)) {
    return false;
  }
  return mayContribute(role, editingLocked);
}

/** Who may open a board at all, and whether its layout (clusters, grid) is writable for them. */
export function boardLayoutAccess(
  role: WorkshopRole,
  editingLocked: boolean,
  breakout: BreakoutBoardFacts | null = null,
): 'write' | 'read' | 'none' {
  if (role === 'none') {
    return 'none';
  }
  return mayContributeToBoard(role, editingLocked, breakout) ? 'write' : 'read';
}

/**
 * Changing or deleting a sticky note: only its author (anonymous or not), and only while they may contribute.
 * Nobody else may, the facilitator included, so an anonymous note cannot be probed for its author.
 */
export function mayChangeNote(
  role: WorkshopRole,
  editingLocked: boolean,
  isAuthor: boolean,
  breakout: BreakoutBoardFacts | null = null,
): boolean {
  return isAuthor && mayContributeToBoard(role, editingLocked, breakout);
}
