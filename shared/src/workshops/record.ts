import type * as Y from 'yjs';
import { appendParagraphs, WorkshopSections, workshopFragment, type WorkshopSection } from '../documents/enquiry.ts';
import { fragmentLines } from '../documents/readable.ts';
import { ReviewRoleLabel, type ReviewRole } from '../domain/review-states.ts';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';

/**
 * What a finished improvement workshop produced (docs/domain.md c.9), gathered by the server from the boards and
 * commitments, and written into the workshop record of the enquiry document. Never a participant's name beyond the
 * facilitator's: attendees are counted by role, notes are quoted without their authors, commitments are counted.
 */
export interface WorkshopOutcome {
  /** The focus statement (the enquiry question when nobody wrote one). */
  focus: string;
  facilitator: string;
  attendees: { role: string; count: number }[];
  rootCauses: string[];
  ideas: string[];
  priorities: { text: string; votes: number }[];
  commitments: number;
}

/** At most this many priorities (docs/domain.md d.2: "Limit to 3 priorities"). */
export const MaxPriorities = 3;

const ViewerRoleLabel: Record<Exclude<ReviewViewerRole, ReviewRole>, string> = {
  host_staff: 'Host school staff',
  partnership_lead: 'Partnership lead',
  cluster_member: 'Cluster colleague',
};

/** The words for the role a person took part in. */
export function attendeeRoleLabel(role: ReviewViewerRole): string {
  return role in ReviewRoleLabel
    ? ReviewRoleLabel[role as ReviewRole]
    : ViewerRoleLabel[role as keyof typeof ViewerRoleLabel];
}

/** The vote targets with the most votes (at least one), most first, at most `MaxPriorities`; ties keep board order. */
export function choosePriorities<T extends { id: string }>(
  candidates: readonly T[],
  votes: ReadonlyMap<string, number>,
): (T & { votes: number })[] {
  return candidates
    .map((candidate, index) => ({ ...candidate, votes: votes.get(candidate.id) ?? 0, index }))
    .filter((candidate) => candidate.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.index - b.index)
    .slice(0, MaxPriorities)
    .map(({ index: _index, ...rest }) => rest as unknown as T & { votes: number });
}

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/** The record's paragraphs, section by section. */
export function workshopRecordParagraphs(outcome: WorkshopOutcome): Record<WorkshopSection, string[]> {
  return {
    focus: outcome.focus ? [outcome.focus] : [],
    attendees: [
      `Facilitator: ${outcome.facilitator}`,
      ...outcome.attendees.map(({ role, count }) => `${role}: ${String(count)}`),
    ],
    rootCauses: outcome.rootCauses,
    ideas: outcome.ideas,
    priorities: outcome.priorities.map(({ text, votes }) => `${text} (${plural(votes, 'vote', 'votes')})`),
    commitments:
      outcome.commitments === 0
        ? ['No personal commitments were recorded.']
        : [`${plural(outcome.commitments, 'person', 'people')} recorded a personal commitment.`],
  };
}

/** What the server wrote last into each section, so writing again replaces its own words and nobody else's. */
const written = (doc: Y.Doc) => doc.getMap<unknown>('workshop.written');

/**
 * Writes the record into the workshop part. A section is (re)written when it is empty or still holds exactly what
 * the server wrote last time; a section someone has written in is theirs and stays as it is. Writing the same
 * outcome twice changes nothing. Returns the sections written.
 */
export function writeWorkshopRecord(doc: Y.Doc, paragraphs: Record<WorkshopSection, string[]>): WorkshopSection[] {
  const changed: WorkshopSection[] = [];
  doc.transact(() => {
    for (const section of WorkshopSections) {
      const fragment = workshopFragment(doc, section);
      const now = fragmentLines(fragment).join('\n');
      const next = paragraphs[section].join('\n');
      const ours = written(doc).get(section);
      if ((now !== '' && now !== ours) || now === next) {
        continue;
      }
      fragment.delete(0, fragment.length);
      appendParagraphs(fragment, paragraphs[section]);
      written(doc).set(section, next);
      changed.push(section);
    }
  });
  return changed;
}
