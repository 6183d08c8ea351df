import {
  EmptyDocumentFacts,
  FrameworkThemeLabel,
  FrameworkThemes,
  contextFragment,
  documentName,
  readActions,
  readFeedbackRecord,
  readFindings,
  type DocumentFacts,
  type DocumentPart,
  type ReviewState,
} from '@crosswalk/shared';
import * as Y from 'yjs';
import type { LiveDocuments } from '../live/document-grants.ts';

/** The parts whose contents decide the guards of the steps out of each state; other states need none. */
const PartsFor: Partial<Record<ReviewState, readonly DocumentPart[]>> = {
  self_review: ['context'],
  synthesis: ['findings'],
  workshop_held: ['actions'],
};

/** The text of a rich-text section, without its markup. */
function plainText(node: Y.XmlFragment | Y.XmlElement): string {
  return node
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText ? child.toJSON() : child instanceof Y.XmlElement ? plainText(child) : '',
    )
    .join('')
    .trim();
}

/**
 * Reads what the lifecycle guards need from the live enquiry document, only the parts the review's state calls for
 * (the rest stay empty). Null when the live documents are not in this process. Call it outside any transaction:
 * loading a document uses the database.
 */
export async function readDocumentFacts(
  live: LiveDocuments | undefined,
  reviewId: string,
  state: ReviewState,
): Promise<DocumentFacts | null> {
  const parts = PartsFor[state] ?? [];
  if (parts.length === 0) {
    return EmptyDocumentFacts;
  }
  if (!live) {
    return null;
  }
  const facts: DocumentFacts = { ...EmptyDocumentFacts };
  const read = <T>(part: DocumentPart, reader: (doc: Y.Doc) => T) =>
    live.withDocument(documentName(reviewId, part), reader);
  if (parts.includes('context')) {
    facts.selfReviewGaps = await read('context', (doc) =>
      FrameworkThemes.filter((theme) => plainText(contextFragment(doc, theme)) === '').map(
        (theme) => FrameworkThemeLabel[theme],
      ),
    );
  }
  if (parts.includes('findings')) {
    Object.assign(
      facts,
      await read('findings', (doc) => {
        const feedback = readFeedbackRecord(doc);
        return {
          findings: readFindings(doc).map((f) => ({ label: f.label, evidenceCount: f.evidenceIds.length })),
          feedback: { date: feedback.date, attendees: feedback.attendees },
        };
      }),
    );
  }
  if (parts.includes('actions')) {
    Object.assign(
      facts,
      await read('actions', (doc) => ({
        actions: readActions(doc).map(({ id, label, ownerRole, startsOn, dueOn, successCriteria }) => ({
          id,
          label,
          ownerRole,
          startsOn,
          dueOn,
          successCriteria,
        })),
      })),
    );
  }
  return facts;
}
