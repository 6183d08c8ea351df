import * as Y from 'yjs';
import type { ActivityKind } from '../schemas/reviews.ts';

/**
 * The Yjs schema of the enquiry document (domain.md c.1–c.12), one Y.Doc per part (see realtime/documents.ts).
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
  /** "May be shared beyond the school" — an explicit opt-in by the host (domain.md e.2 rule 3). */
  shareable: boolean;
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
    finding.set('shareable', false);
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
        shareable: finding.get('shareable') === true,
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

export function updateFinding(
  doc: Y.Doc,
  id: string,
  patch: Partial<Pick<Finding, 'kind' | 'shareable' | 'strength'>>,
): void {
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

/** The feedback record (c.8) and sign-off (c.12) are plain maps of the findings document. */
export const feedbackRecord = (doc: Y.Doc) => doc.getMap<unknown>('feedback');
export const signOff = (doc: Y.Doc) => doc.getMap<unknown>('signoff');

// ── Improvement workshop record (part "workshop") ────────────────────────────────────────────────────────

export const WorkshopSections = ['focus', 'attendees', 'rootCauses', 'ideas', 'priorities', 'commitments'] as const;
export type WorkshopSection = (typeof WorkshopSections)[number];

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

/** Impact review checkpoints (c.11): date, who attended, progress, impact on pupils, next steps. */
export const impactCheckpoints = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('impact');
