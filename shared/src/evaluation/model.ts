/**
 * Crosswalk's own partnership evaluation model: how a partnership judges its own collaboration, year on year.
 *
 * A placeholder, named as ours, until a licensed model can replace it. Its strands follow the published principles
 * of school peer review; its four levels mirror the build, embed and sustain phases of a partnership. Everything the
 * rest of Crosswalk knows about the model is here: ratings are stored with the model's `id`, so a licensed model
 * replaces this one by a new entry here, and last years' ratings stay readable under the model they were made with.
 */
export const EvaluationModel = {
  id: 'crosswalk-own-2026',
  name: 'Crosswalk’s own partnership evaluation model',
  notice:
    'This is Crosswalk’s own model, a placeholder until your partnership adopts a licensed evaluation model. ' +
    'Ratings made with it stay on record if it is replaced.',
  strands: [
    {
      id: 'trust_transparency',
      name: 'Trust and transparency',
      question: 'Do schools share honestly, including what is not going well, and trust what partners do with it?',
    },
    {
      id: 'enquiry_non_judgemental',
      name: 'Enquiry-focused, non-judgemental practice',
      question: 'Do reviews ask questions and gather evidence rather than grade schools?',
    },
    {
      id: 'coaching_approach',
      name: 'Coaching approach',
      question: 'Do reviewers and leaders help each other find their own answers?',
    },
    {
      id: 'impact_focus',
      name: 'Impact focus',
      question: 'Are actions followed through and their difference to pupils checked?',
    },
    {
      id: 'driven_by_schools',
      name: 'Driven by schools',
      question: 'Do the schools themselves set the partnership’s priorities and run its reviews?',
    },
    {
      id: 'teacher_agency_wellbeing',
      name: 'Teacher agency and wellbeing',
      question: 'Do staff take part willingly, grow from it and find the workload manageable?',
    },
  ],
  levels: [
    {
      id: 'emerging',
      name: 'Emerging',
      score: 1,
      descriptor: 'We have started: it happens in places, mostly because a few people push for it.',
    },
    {
      id: 'developing',
      name: 'Developing',
      score: 2,
      descriptor: 'It happens in most reviews, though it still depends on who is involved.',
    },
    {
      id: 'embedded',
      name: 'Embedded',
      score: 3,
      descriptor: 'It is how we work in every school and every review, and we can show the evidence.',
    },
    {
      id: 'sustaining',
      name: 'Sustaining',
      score: 4,
      descriptor: 'It keeps going when people change, and we help other schools and partnerships do it too.',
    },
  ],
} as const;

export type EvaluationStrand = (typeof EvaluationModel.strands)[number];
export type StrandId = EvaluationStrand['id'];
export type EvaluationLevel = (typeof EvaluationModel.levels)[number];
export type LevelId = EvaluationLevel['id'];

export const StrandIds: readonly StrandId[] = EvaluationModel.strands.map((s) => s.id);
export const LevelIds: readonly LevelId[] = EvaluationModel.levels.map((l) => l.id);
const LAST_LEVEL: EvaluationLevel = EvaluationModel.levels[3];

/** The strand with this id, or undefined when the model has no such strand. */
export function strandOf(id: string): EvaluationStrand | undefined {
  return EvaluationModel.strands.find((s) => s.id === id);
}

/** The level with this id, or undefined when it is not on the scale. */
export function levelOf(id: string): EvaluationLevel | undefined {
  return EvaluationModel.levels.find((l) => l.id === id);
}

/** The level nearest a (possibly averaged) score, for saying an average in words. */
export function levelNearest(score: number): EvaluationLevel {
  return EvaluationModel.levels.find((l) => score < l.score + 0.5) ?? LAST_LEVEL;
}

/** `a, b, c or d`. */
function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** A strand and level checked against the model: both named, or the reason in words a headteacher understands. */
export function checkRating(
  strand: string,
  level: string,
): { ok: true; strand: StrandId; level: LevelId } | { ok: false; field: 'strand' | 'level'; reason: string } {
  const s = strandOf(strand);
  if (!s) {
    return {
      ok: false,
      field: 'strand',
      reason: `“${strand}” is not a strand of ${EvaluationModel.name}. Choose one of: ${EvaluationModel.strands.map((x) => x.name).join('; ')}.`,
    };
  }
  const l = levelOf(level);
  if (!l) {
    return {
      ok: false,
      field: 'level',
      reason: `“${level}” is not on the scale. Choose ${orList(LevelIds)}.`,
    };
  }
  return { ok: true, strand: s.id, level: l.id };
}
