import { diffArrays, diffWords } from 'diff';
import * as Y from 'yjs';
import type { DocumentPart } from '../realtime/documents.ts';
import {
  ContextSectionLabel,
  ContextSections,
  readActions,
  readEvidence,
  readFeedbackRecord,
  readFindings,
  readImpactCheckpoints,
  readThemes,
  workshopFragment,
  WorkshopSectionLabel,
  WorkshopSections,
  contextFragment,
} from './enquiry.ts';

/**
 * A part of the enquiry document as a person reads it: headings (sections, and records by their label such as F02
 * or A01) each with its text, one line per paragraph or field. Two versions are compared on this rendering, never on
 * Yjs bytes, so the difference reads like the document.
 */
export interface ReadableBlock {
  heading: string;
  lines: string[];
}

/** One stretch of a line: unchanged, added in the later version, or removed from the earlier one. */
export interface DiffSegment {
  change: 'same' | 'added' | 'removed';
  text: string;
}

/** One line of the comparison: a heading or a line of text, with what happened to it. */
export interface DiffLine {
  kind: 'heading' | 'text';
  change: 'same' | 'added' | 'removed' | 'changed';
  segments: DiffSegment[];
}

const FindingKindWord = { strength: 'Strength', development: 'Area for development', question: 'Question' } as const;
const StatusWord = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  complete: 'Complete',
} as const;

/** The text of a rich-text fragment: one line per paragraph, heading or list item, empty lines left out. */
export function fragmentLines(fragment: Y.XmlFragment | Y.XmlElement): string[] {
  const lines: string[] = [];
  let current = '';
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlText) {
      current += (child.toDelta() as { insert: unknown }[])
        .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
        .join('');
    } else if (child instanceof Y.XmlElement) {
      lines.push(...fragmentLines(child));
    }
  }
  if (current.trim()) {
    lines.unshift(current.trim());
  }
  return lines.filter((line) => line.trim() !== '');
}

const field = (name: string, value: string): string[] => (value.trim() ? [`${name}: ${value.trim()}`] : []);
const paragraphs = (value: string): string[] =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Renders one part of the enquiry document (its Y.Doc) as readable blocks, in document order. */
export function readablePart(doc: Y.Doc, part: DocumentPart): ReadableBlock[] {
  switch (part) {
    case 'context':
      return ContextSections.map((section) => ({
        heading: ContextSectionLabel[section],
        lines: fragmentLines(contextFragment(doc, section)),
      }));
    case 'evidence':
      return [
        ...readEvidence(doc).map((entry) => ({
          heading: `${entry.label} (${entry.activityType.replaceAll('_', ' ')})`,
          lines: [
            ...field('Source', entry.source),
            ...paragraphs(entry.observation),
            ...field('Sub-questions', entry.subQuestions.join(', ')),
            `Tag: ${entry.tag}`,
            ...(entry.checkedWithHost ? ['Checked with the host'] : []),
          ],
        })),
        ...readThemes(doc).map((theme, index) => ({
          heading: `Emerging theme ${String(index + 1)}`,
          lines: [...paragraphs(theme.statement), `Linked evidence: ${String(theme.evidenceIds.length)}`],
        })),
      ];
    case 'findings': {
      const feedback = readFeedbackRecord(doc);
      return [
        ...readFindings(doc).map((finding) => ({
          heading: `${finding.label} (${FindingKindWord[finding.kind]})`,
          lines: [
            ...paragraphs(finding.text),
            `Linked evidence: ${String(finding.evidenceIds.length)}`,
            ...field('Strength of evidence', finding.strength ?? ''),
            ...(finding.shareable ? ['May be shared beyond the school'] : []),
          ],
        })),
        {
          heading: 'Feedback record',
          lines: [
            ...field('Date', feedback.date),
            ...field('Attendees', feedback.attendees),
            ...field('Host headteacher’s response', feedback.hostResponse),
            ...field('Factual corrections made', feedback.corrections),
          ],
        },
      ];
    }
    case 'workshop':
      return WorkshopSections.map((section) => ({
        heading: WorkshopSectionLabel[section],
        lines: fragmentLines(workshopFragment(doc, section)),
      }));
    case 'actions':
      return [
        ...readActions(doc).map((action) => ({
          heading: action.label,
          lines: [
            ...paragraphs(action.action),
            ...field('Owner', action.ownerRole),
            ...field('Support', action.support),
            ...field('Starts', action.startsOn),
            ...field('Due', action.dueOn),
            ...field('Success criteria', action.successCriteria),
            ...field('Resources', action.resources),
            `Status: ${StatusWord[action.status]}`,
          ],
        })),
        ...readImpactCheckpoints(doc).map((checkpoint) => ({
          heading: `Impact checkpoint ${checkpoint.label}`,
          lines: [
            ...field('Date', checkpoint.date),
            ...field('Attendees', checkpoint.attendees),
            ...field('Impact on pupils', checkpoint.impactOnPupils),
            ...field('Next steps', checkpoint.nextSteps),
          ],
        })),
      ];
  }
}

/** A part's saved Yjs state (one update) rendered as readable blocks. */
export function readableState(state: Uint8Array, part: DocumentPart): ReadableBlock[] {
  const doc = new Y.Doc();
  try {
    if (state.byteLength > 0) {
      Y.applyUpdate(doc, state);
    }
    return readablePart(doc, part);
  } finally {
    doc.destroy();
  }
}

interface Line {
  kind: DiffLine['kind'];
  text: string;
}

const linesOf = (blocks: readonly ReadableBlock[]): Line[] =>
  blocks.flatMap((block) => [
    { kind: 'heading' as const, text: block.heading },
    ...block.lines.map((text) => ({ kind: 'text' as const, text })),
  ]);

const whole = (line: Line, change: 'same' | 'added' | 'removed'): DiffLine => ({
  kind: line.kind,
  change,
  segments: [{ change, text: line.text }],
});

/**
 * The difference between two renderings: every line, kept, added or removed; where lines of text were replaced one
 * for one, a single "changed" line shows the words added and removed inside it.
 */
export function diffReadable(before: readonly ReadableBlock[], after: readonly ReadableBlock[]): DiffLine[] {
  const changes = diffArrays(linesOf(before), linesOf(after), {
    comparator: (a, b) => a.kind === b.kind && a.text === b.text,
  });
  const out: DiffLine[] = [];
  for (let i = 0; i < changes.length; i += 1) {
    const change = changes[i];
    if (!change) {
      continue;
    }
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      const removed = change.value;
      const added = next.value;
      const paired = Math.min(removed.length, added.length);
      for (let j = 0; j < paired; j += 1) {
        const a = removed[j];
        const b = added[j];
        if (a && b && a.kind === 'text' && b.kind === 'text') {
          out.push({
            kind: 'text',
            change: 'changed',
            segments: diffWords(a.text, b.text).map((part) => ({
              change: part.added ? 'added' : part.removed ? 'removed' : 'same',
              text: part.value,
            })),
          });
        } else {
          if (a) {
            out.push(whole(a, 'removed'));
          }
          if (b) {
            out.push(whole(b, 'added'));
          }
        }
      }
      out.push(...removed.slice(paired).map((line) => whole(line, 'removed')));
      out.push(...added.slice(paired).map((line) => whole(line, 'added')));
      i += 1;
      continue;
    }
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    out.push(...change.value.map((line) => whole(line, kind)));
  }
  return out;
}
