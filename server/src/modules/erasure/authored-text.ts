import { loadUpdates, type DocumentStore } from '@crosswalk/realtime';
import { reviewOfDocument, type LiveDocuments } from '../live/document-grants.ts';
import { authoredRuns } from './authored-items.ts';
import type { CollabAuthors } from './collab-authors.ts';

/** What a person's items in one live document hold now. */
export interface AuthoredDocumentText {
  documentName: string;
  reviewId: string | null;
  /** Each contiguous run of their characters, in document order per text. */
  runs: string[];
}

/**
 * Per live document, the text a person's items hold now (for the subject-access export, and to show what erasure
 * will take out). Read through the live-document server where this process has one, so edits not yet compacted
 * are included; otherwise from storage.
 */
export async function authoredDocumentText(
  deps: { authors: CollabAuthors; store: DocumentStore; live: LiveDocuments | undefined },
  userId: string,
): Promise<AuthoredDocumentText[]> {
  const answers: AuthoredDocumentText[] = [];
  for (const { name, clientIds } of await deps.authors.documentsOf(userId)) {
    const clients = new Set(clientIds);
    const runs = deps.live
      ? await deps.live.withDocument(name, (doc) => authoredRuns(doc, clients))
      : await storedRuns(deps.store, name, clients);
    answers.push({ documentName: name, reviewId: reviewOfDocument(name), runs });
  }
  return answers;
}

async function storedRuns(store: DocumentStore, name: string, clients: ReadonlySet<number>): Promise<string[]> {
  const stored = await store.load(name);
  const { doc } = loadUpdates(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
  try {
    return authoredRuns(doc, clients);
  } finally {
    doc.destroy();
  }
}
