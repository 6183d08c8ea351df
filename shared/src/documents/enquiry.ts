import * as Y from 'yjs';
import type { ActivityKind } from '../domain/review-terms.ts';

/**
 * The Yjs schema of the enquiry document (docs/domain.md c.1–c.12), one Y.Doc per part (see realtime/documents.ts).
 * Narrative sections are rich text (Y.XmlFragment, edited with Tiptap); records (evidence, findings, actions)
 * are Y.Maps in Y.Arrays, with long text as Y.Text so two people can type in the same field. Every function
 * here is the one way to read or change that structure; the browser and the server both use them.
 *
 * Identity: records carry a random `id`; the E01/F01/A01 labels people see come from their order, so two
 * people adding evidence at once never collide.
 */

// ── Context and self-review (part "context") ─────────────────────────────────────────────────────────────

export const ContextSections = [
  'schoolContext',
  'priorities',
  'our_impact',
  'looking_forward',
  'looking_inward',
  'looking_outward',
  'previousActions',
] as const;
export type ContextSection = (typeof ContextSections)[number];

export const ContextSectionLabel: Record<ContextSection, string> = {
  schoolContext: 'School context',
  priorities: 'School improvement priorities',
  our_impact: 'Self-review: Our Impact',
  looking_forward: 'Self-review: Looking Forward',
  looking_inward: 'Self-review: Looking Inward',
  looking_outward: 'Self-review: Looking Outward',
  previousActions: 'Actions and impact from the previous review',
};

export function contextFragment(doc: Y.Doc, section: ContextSection): Y.XmlFragment {
  return doc.getXmlFragment(`context.${section}`);
}

/**
 * Appends plain paragraphs to a rich-text fragment, in the shape the editor (Tiptap through y-prosemirror) reads
 * and writes: one `paragraph` element holding one text node each. For text written outside the editor, such as
 * the demo review's.
 */
export function appendParagraphs(fragment: Y.XmlFragment, paragraphs: readonly string[]): void {
  const elements = paragraphs.map((paragraph) => {
    const element = new Y.XmlElement('paragraph');
    element.insert(0, [new Y.XmlText(paragraph)]);
    return element;
  });
  fragment.insert(fragment.length, elements);
}

// ── Evidence log and emerging themes (part "evidence") ───────────────────────────────────────────────────

export const EvidenceTags = ['strength', 'development', 'question', 'idea', 'context', 'mixed'] as const;
export type EvidenceTag = (typeof EvidenceTags)[number];

export interface EvidenceEntry {
  id: string;
  /** E01, E02 … by position in the log. */
  label: string;
  createdAt: string;
  activityType: ActivityKind;
  reviewerId: string;
  reviewerName: string;
  subQuestions: string[];
  /** Anonymised source, e.g. "Y4 class, history". Never a pupil's name. */
  source: string;
  observation: string;
  tag: EvidenceTag;
  checkedWithHost: boolean;
}

/**
 * The keys of an evidence entry that say who wrote it. The live-document server lets a writer set them only on an
 * entry it creates, and only to its own signed-in identity, so an entry cannot be attributed to a colleague.
 */
export const EvidenceAuthorFields = {
  reviewerId: 'userId',
  reviewerName: 'displayName',
} as const satisfies Record<'reviewerId' | 'reviewerName', 'userId' | 'displayName'>;

export interface EvidenceInput {
  activityType: ActivityKind;
  reviewerId: string;
  reviewerName: string;
  subQuestions?: string[];
  source?: string;
  observation?: string;
  tag?: EvidenceTag;
}

const evidenceArray = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('evidence');
const themesArray = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('themes');

export function newId(): string {
  return globalThis.crypto.randomUUID();
}

const label = (prefix: string, index: number) => `${prefix}${String(index + 1).padStart(2, '0')}`;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const text = (value: unknown): string => (value instanceof Y.Text ? value.toJSON() : str(value));
const strings = (value: unknown): string[] =>
  value instanceof Y.Array ? value.toArray().filter((v): v is string => typeof v === 'string') : [];
const yText = (initial: string) => {
  const t = new Y.Text();
  if (initial) {
    t.insert(0, initial);
  }
  return t;
};
const yStrings = (values: string[]) => {
  const a = new Y.Array<string>();
  a.push(values);
  return a;
};

export function addEvidence(doc: Y.Doc, input: EvidenceInput): string {
  const id = newId();
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('id', id);
    entry.set('createdAt', new Date().toISOString());
    entry.set('activityType', input.activityType);
    entry.set('reviewerId', input.reviewerId);
    entry.set('reviewerName', input.reviewerName);
    entry.set('subQuestions', yStrings(input.subQuestions ?? []));
    entry.set('source', yText(input.source ?? ''));
    entry.set('observation', yText(input.observation ?? ''));
    entry.set('tag', input.tag ?? 'context');
    entry.set('checkedWithHost', false);
    evidenceArray(doc).push([entry]);
  });
  return id;
}

export function readEvidence(doc: Y.Doc): EvidenceEntry[] {
  return evidenceArray(doc)
    .toArray()
    .map((entry, index) => ({
      id: str(entry.get('id')),
      label: label('E', index),
      createdAt: str(entry.get('createdAt')),
      activityType: entry.get('activityType') as ActivityKind,
      reviewerId: str(entry.get('reviewerId')),
      reviewerName: str(entry.get('reviewerName')),
      subQuestions: strings(entry.get('subQuestions')),
      source: text(entry.get('source')),
      observation: text(entry.get('observation')),
      tag: (entry.get('tag') as EvidenceTag | undefined) ?? 'context',
      checkedWithHost: entry.get('checkedWithHost') === true,
    }));
}

/** The live record of one entry, for binding form fields (its Y.Text fields can be edited in place). */
export function evidenceRecord(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  return evidenceArray(doc)
    .toArray()
    .find((entry) => entry.get('id') === id);
}

export function updateEvidence(
  doc: Y.Doc,
  id: string,
  patch: Partial<Pick<EvidenceEntry, 'activityType' | 'tag' | 'checkedWithHost' | 'subQuestions'>>,
): void {
  const entry = evidenceRecord(doc, id);
  if (!entry) {
    return;
  }
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      entry.set(key, key === 'subQuestions' ? yStrings(value as string[]) : value);
    }
  });
}

export function removeEvidence(doc: Y.Doc, id: string): void {
  const index = evidenceArray(doc)
    .toArray()
    .findIndex((entry) => entry.get('id') === id);
  if (index >= 0) {
    evidenceArray(doc).delete(index, 1);
  }
}

export interface EmergingTheme {
  id: string;
  statement: string;
  evidenceIds: string[];
}

export function addTheme(doc: Y.Doc, statement: string, evidenceIds: string[] = []): string {
  const id = newId();
  doc.transact(() => {
    const theme = new Y.Map<unknown>();
    theme.set('id', id);
    theme.set('statement', yText(statement));
    theme.set('evidenceIds', yStrings(evidenceIds));
    themesArray(doc).push([theme]);
  });
  return id;
}

export function readThemes(doc: Y.Doc): EmergingTheme[] {
  return themesArray(doc)
    .toArray()
    .map((theme) => ({
      id: str(theme.get('id')),
      statement: text(theme.get('statement')),
      evidenceIds: strings(theme.get('evidenceIds')),
    }));
}

/** The live record of one theme, for binding its statement (a Y.Text) to a field. */
export function themeRecord(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  return themesArray(doc)
    .toArray()
    .find((theme) => theme.get('id') === id);
}

/** Replaces a theme's statement (kept as the same Y.Text, so anyone typing in it keeps their place). */
export function updateTheme(doc: Y.Doc, id: string, patch: { statement?: string; evidenceIds?: string[] }): void {
  const theme = themeRecord(doc, id);
  if (!theme) {
    return;
  }
  doc.transact(() => {
    if (patch.statement !== undefined) {
      const statement = theme.get('statement');
      if (statement instanceof Y.Text) {
        statement.delete(0, statement.length);
        statement.insert(0, patch.statement);
      } else {
        theme.set('statement', yText(patch.statement));
      }
    }
    if (patch.evidenceIds !== undefined) {
      theme.set('evidenceIds', yStrings(patch.evidenceIds));
    }
  });
}

/** Adds or removes one piece of evidence behind a theme (idempotent, and safe when two people change it at once). */
export function setThemeEvidence(doc: Y.Doc, id: string, evidenceId: string, linked: boolean): void {
  const ids = themeRecord(doc, id)?.get('evidenceIds');
  if (!(ids instanceof Y.Array)) {
    return;
  }
  doc.transact(() => {
    if (linked && !ids.toArray().includes(evidenceId)) {
      ids.push([evidenceId]);
    }
    if (!linked) {
      for (let i = ids.length - 1; i >= 0; i -= 1) {
        if (ids.get(i) === evidenceId) {
          ids.delete(i, 1);
        }
      }
    }
  });
}

export function removeTheme(doc: Y.Doc, id: string): void {
  const index = themesArray(doc)
    .toArray()
    .findIndex((theme) => theme.get('id') === id);
  if (index >= 0) {
    themesArray(doc).delete(index, 1);
  }
}

// ── Findings, feedback record and sign-off (part "findings") ─────────────────────────────────────────────

export const FindingKinds = ['strength', 'development', 'question'] as const;
export type FindingKind = (typeof FindingKinds)[number];
export const EvidenceStrengths = ['strong', 'some', 'limited'] as const;

export interface Finding {
  id: string;
  /** S01/D01/Q01 by kind and position. */
  label: string;
  kind: FindingKind;
  text: string;
  evidenceIds: string[];
  strength: (typeof EvidenceStrengths)[number] | null;
}

const findingsArray = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('findings');

export function addFinding(doc: Y.Doc, kind: FindingKind, initialText = '', evidenceIds: string[] = []): string {
  const id = newId();
  doc.transact(() => {
    const finding = new Y.Map<unknown>();
    finding.set('id', id);
    finding.set('kind', kind);
    finding.set('text', yText(initialText));
    finding.set('evidenceIds', yStrings(evidenceIds));
    finding.set('strength', null);
    findingsArray(doc).push([finding]);
  });
  return id;
}

export function readFindings(doc: Y.Doc): Finding[] {
  const counters: Record<FindingKind, number> = { strength: 0, development: 0, question: 0 };
  const prefix: Record<FindingKind, string> = { strength: 'S', development: 'D', question: 'Q' };
  return findingsArray(doc)
    .toArray()
    .map((finding) => {
      const kind = (finding.get('kind') as FindingKind | undefined) ?? 'question';
      const index = counters[kind]++;
      return {
        id: str(finding.get('id')),
        label: label(prefix[kind], index),
        kind,
        text: text(finding.get('text')),
        evidenceIds: strings(finding.get('evidenceIds')),
        strength: (finding.get('strength') as Finding['strength'] | undefined) ?? null,
      };
    });
}

export function findingRecord(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  return findingsArray(doc)
    .toArray()
    .find((finding) => finding.get('id') === id);
}

/** Links a finding to a piece of evidence (idempotent, and safe when two people link at once). */
export function linkEvidence(doc: Y.Doc, findingId: string, evidenceId: string): void {
  const ids = findingRecord(doc, findingId)?.get('evidenceIds');
  if (ids instanceof Y.Array && !ids.toArray().includes(evidenceId)) {
    ids.push([evidenceId]);
  }
}

export function unlinkEvidence(doc: Y.Doc, findingId: string, evidenceId: string): void {
  const ids = findingRecord(doc, findingId)?.get('evidenceIds');
  if (!(ids instanceof Y.Array)) {
    return;
  }
  doc.transact(() => {
    for (let i = ids.length - 1; i >= 0; i -= 1) {
      if (ids.get(i) === evidenceId) {
        ids.delete(i, 1);
      }
    }
  });
}

export function updateFinding(doc: Y.Doc, id: string, patch: Partial<Pick<Finding, 'kind' | 'strength'>>): void {
  const finding = findingRecord(doc, id);
  if (finding) {
    doc.transact(() => {
      for (const [key, value] of Object.entries(patch)) {
        finding.set(key, value);
      }
    });
  }
}

export function removeFinding(doc: Y.Doc, id: string): void {
  const index = findingsArray(doc)
    .toArray()
    .findIndex((f) => f.get('id') === id);
  if (index >= 0) {
    findingsArray(doc).delete(index, 1);
  }
}

/** Back-links: which findings cite a piece of evidence (evidence and findings live in different documents). */
export function findingsCiting(findingsDoc: Y.Doc, evidenceId: string): Finding[] {
  return readFindings(findingsDoc).filter((finding) => finding.evidenceIds.includes(evidenceId));
}

/**
 * The feedback record (c.8): the meeting's date in the `feedback` map, and its long text as top-level Y.Texts
 * (`feedback.attendees` …), which exist in every replica from the start, so two people opening an empty record
 * at once can never each create a different one. Sign-off (c.12) is not in the document: a signature must come
 * from the person signing, so it is a REST action stored by the server (`/api/reviews/:id/sign-offs`).
 */
export const FeedbackTextFields = ['attendees', 'hostResponse', 'corrections'] as const;
export type FeedbackTextField = (typeof FeedbackTextFields)[number];

export interface FeedbackRecord {
  /** YYYY-MM-DD, or '' when not recorded yet. */
  date: string;
  attendees: string;
  hostResponse: string;
  corrections: string;
}

export const feedbackRecord = (doc: Y.Doc) => doc.getMap<unknown>('feedback');

export function feedbackText(doc: Y.Doc, field: FeedbackTextField): Y.Text {
  return doc.getText(`feedback.${field}`);
}

export function readFeedbackRecord(doc: Y.Doc): FeedbackRecord {
  return {
    date: str(feedbackRecord(doc).get('date')),
    attendees: feedbackText(doc, 'attendees').toJSON(),
    hostResponse: feedbackText(doc, 'hostResponse').toJSON(),
    corrections: feedbackText(doc, 'corrections').toJSON(),
  };
}

export function setFeedbackDate(doc: Y.Doc, date: string): void {
  feedbackRecord(doc).set('date', date);
}

// ── Improvement workshop record (part "workshop") ────────────────────────────────────────────────────────

export const WorkshopSections = ['focus', 'attendees', 'rootCauses', 'ideas', 'priorities', 'commitments'] as const;
export type WorkshopSection = (typeof WorkshopSections)[number];

/** The headings of the improvement workshop record (docs/domain.md c.9). */
export const WorkshopSectionLabel: Record<WorkshopSection, string> = {
  focus: 'Focus statement',
  attendees: 'Facilitator and attendees (by role)',
  rootCauses: 'Root causes found',
  ideas: 'Ideas shortlisted',
  priorities: 'Priorities chosen',
  commitments: 'Personal commitments',
};

export function workshopFragment(doc: Y.Doc, section: WorkshopSection): Y.XmlFragment {
  return doc.getXmlFragment(`workshop.${section}`);
}

// ── Action plan and impact review (part "actions") ───────────────────────────────────────────────────────

export const ActionStatuses = ['not_started', 'on_track', 'at_risk', 'complete'] as const;
export type ActionStatus = (typeof ActionStatuses)[number];

export interface ActionRow {
  id: string;
  label: string;
  action: string;
  ownerRole: string;
  support: string;
  startsOn: string;
  dueOn: string;
  successCriteria: string;
  resources: string;
  status: ActionStatus;
}

const actionsArray = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('actions');

export function addAction(doc: Y.Doc, input: Partial<Omit<ActionRow, 'id' | 'label'>> = {}): string {
  const id = newId();
  doc.transact(() => {
    const row = new Y.Map<unknown>();
    row.set('id', id);
    row.set('action', yText(input.action ?? ''));
    row.set('ownerRole', input.ownerRole ?? '');
    row.set('support', yText(input.support ?? ''));
    row.set('startsOn', input.startsOn ?? '');
    row.set('dueOn', input.dueOn ?? '');
    row.set('successCriteria', yText(input.successCriteria ?? ''));
    row.set('resources', yText(input.resources ?? ''));
    row.set('status', input.status ?? 'not_started');
    actionsArray(doc).push([row]);
  });
  return id;
}

export function readActions(doc: Y.Doc): ActionRow[] {
  return actionsArray(doc)
    .toArray()
    .map((row, index) => ({
      id: str(row.get('id')),
      label: label('A', index),
      action: text(row.get('action')),
      ownerRole: str(row.get('ownerRole')),
      support: text(row.get('support')),
      startsOn: str(row.get('startsOn')),
      dueOn: str(row.get('dueOn')),
      successCriteria: text(row.get('successCriteria')),
      resources: text(row.get('resources')),
      status: (row.get('status') as ActionStatus | undefined) ?? 'not_started',
    }));
}

/**
 * When the plan was last published, written by the server into the part as it publishes. The records themselves
 * live in the database (docs/actions.md); this only tells every open copy of the document, live and across
 * processes, to read them again. Anything else written here only makes pages read the records again.
 */
const planPublication = (doc: Y.Doc) => doc.getMap<unknown>('publication');

export function markPlanPublished(doc: Y.Doc, at: Date): void {
  planPublication(doc).set('at', at.toISOString());
}

export function readPlanPublication(doc: Y.Doc): string | null {
  const at = planPublication(doc).get('at');
  return typeof at === 'string' ? at : null;
}

export function actionRecord(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  return actionsArray(doc)
    .toArray()
    .find((row) => row.get('id') === id);
}

export function updateAction(
  doc: Y.Doc,
  id: string,
  patch: Partial<Pick<ActionRow, 'ownerRole' | 'startsOn' | 'dueOn' | 'status'>>,
): void {
  const row = actionRecord(doc, id);
  if (row) {
    doc.transact(() => {
      for (const [key, value] of Object.entries(patch)) {
        row.set(key, value);
      }
    });
  }
}

export function removeAction(doc: Y.Doc, id: string): void {
  const index = actionsArray(doc)
    .toArray()
    .findIndex((row) => row.get('id') === id);
  if (index >= 0) {
    actionsArray(doc).delete(index, 1);
  }
}

/** Red, amber, green: how an action is progressing at an impact checkpoint. */
export const ProgressRatings = ['red', 'amber', 'green'] as const;
export type ProgressRating = (typeof ProgressRatings)[number];

export const ImpactTextFields = ['attendees', 'impactOnPupils', 'nextSteps'] as const;
export type ImpactTextField = (typeof ImpactTextFields)[number];

/** One impact review checkpoint (c.11). */
export interface ImpactCheckpoint {
  id: string;
  /** C01, C02 … by position. */
  label: string;
  /** YYYY-MM-DD, or '' when not set. */
  date: string;
  attendees: string;
  impactOnPupils: string;
  nextSteps: string;
  /** Rating per action id; actions not rated yet are absent. */
  progress: Record<string, ProgressRating>;
}

/** Impact review checkpoints (c.11): date, who attended, progress per action, impact on pupils, next steps. */
export const impactCheckpoints = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('impact');

export function addImpactCheckpoint(doc: Y.Doc, input: { date?: string } = {}): string {
  const id = newId();
  doc.transact(() => {
    const checkpoint = new Y.Map<unknown>();
    checkpoint.set('id', id);
    checkpoint.set('date', input.date ?? '');
    for (const field of ImpactTextFields) {
      checkpoint.set(field, yText(''));
    }
    checkpoint.set('progress', new Y.Map<ProgressRating>());
    impactCheckpoints(doc).push([checkpoint]);
  });
  return id;
}

const isRating = (value: unknown): value is ProgressRating =>
  typeof value === 'string' && (ProgressRatings as readonly string[]).includes(value);

export function readImpactCheckpoints(doc: Y.Doc): ImpactCheckpoint[] {
  return impactCheckpoints(doc)
    .toArray()
    .map((checkpoint, index) => {
      const progress = checkpoint.get('progress');
      const ratings: Record<string, ProgressRating> = {};
      if (progress instanceof Y.Map) {
        for (const [actionId, rating] of progress.entries()) {
          if (isRating(rating)) {
            ratings[actionId] = rating;
          }
        }
      }
      return {
        id: str(checkpoint.get('id')),
        label: label('C', index),
        date: str(checkpoint.get('date')),
        attendees: text(checkpoint.get('attendees')),
        impactOnPupils: text(checkpoint.get('impactOnPupils')),
        nextSteps: text(checkpoint.get('nextSteps')),
        progress: ratings,
      };
    });
}

export function impactCheckpointRecord(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  return impactCheckpoints(doc)
    .toArray()
    .find((checkpoint) => checkpoint.get('id') === id);
}

export function setCheckpointDate(doc: Y.Doc, id: string, date: string): void {
  impactCheckpointRecord(doc, id)?.set('date', date);
}

/** Rates one action at a checkpoint, or clears its rating with null. */
export function rateActionProgress(
  doc: Y.Doc,
  checkpointId: string,
  actionId: string,
  rating: ProgressRating | null,
): void {
  const progress = impactCheckpointRecord(doc, checkpointId)?.get('progress');
  if (!(progress instanceof Y.Map)) {
    return;
  }
  if (rating === null) {
    progress.delete(actionId);
  } else {
    progress.set(actionId, rating);
  }
}

export function removeImpactCheckpoint(doc: Y.Doc, id: string): void {
  const index = impactCheckpoints(doc)
    .toArray()
    .findIndex((checkpoint) => checkpoint.get('id') === id);
  if (index >= 0) {
    impactCheckpoints(doc).delete(index, 1);
  }
}
