import type { ReviewMode } from '../domain/review-terms.ts';

/**
 * The workshop agenda (docs/domain.md d.2): ordered stages with a length, what the room works on, and the facilitation
 * move. Three templates: the 90-minute online format (A, the default), the in-person half day (B, for reviews held
 * in person) and the 30-minute impact huddle (C, docs/impact-review.md); a facilitator edits the agenda per workshop
 * before or during the session.
 */

/** What everyone looks at during a stage. */
export const StageActivities = ['discussion', 'document', 'board'] as const;
export type StageActivity = (typeof StageActivities)[number];

/** Facilitation move templates (docs/domain.md d.3). */
export const WorkshopMoves = [
  'how_might_we',
  'findings_reactions',
  'five_whys',
  'fishbone',
  'evidence_share',
  'gallery',
  'silent_writing',
  'dot_vote',
  'impact_effort',
  'action_drafting',
  'commitments',
  'rag_per_action',
  'impact_evidence',
  'adjust_plan',
] as const;
export type WorkshopMove = (typeof WorkshopMoves)[number];

export const WorkshopMoveLabel: Record<WorkshopMove, string> = {
  how_might_we: '“How might we…” focus statement',
  findings_reactions: 'Findings walk-through',
  five_whys: '5 whys',
  fishbone: 'Fishbone (causes by category)',
  evidence_share: 'Outside evidence',
  silent_writing: 'Silent writing, then clustering',
  dot_vote: 'Dot vote',
  impact_effort: 'Impact and effort grid',
  action_drafting: 'Action drafting',
  commitments: 'Personal commitments',
  gallery: 'Gallery of evidence extracts',
  rag_per_action: 'Red, amber or green for each action',
  impact_evidence: 'One piece of impact evidence',
  adjust_plan: 'Adjust the plan',
};

/** One stage as the agenda editor and every screen see it. */
export interface WorkshopStage {
  id: string;
  title: string;
  minutes: number;
  activity: StageActivity;
  move: WorkshopMove | null;
  /** What the facilitator says or asks during the stage. */
  guidance: string;
  /** The board the stage works on (several stages may share one, e.g. ideas → vote → grid → actions). */
  boardId: string | null;
  /** For `document` stages: which part of the enquiry document to open (a DocumentPart name). */
  documentSection: string | null;
}

/** A stage of the default agenda before it is stored: boards are named by a key shared between stages. */
export interface AgendaTemplateStage extends Omit<WorkshopStage, 'id' | 'boardId'> {
  board: 'root_causes' | 'ideas' | null;
}

export const DefaultBoardTitles = { root_causes: 'Root causes', ideas: 'Ideas and priorities' } as const;

/** The 90-minute online format of docs/domain.md d.2 (A). */
export const DefaultAgenda: readonly AgendaTemplateStage[] = [
  {
    title: 'Purpose, agreements and focus',
    minutes: 10,
    activity: 'discussion',
    move: 'how_might_we',
    guidance:
      'Restate the enquiry question. Agree confidentiality and “curious, not judging”. Write the focus as “How might we…”. Use the chat as a check-in.',
    board: null,
    documentSection: null,
  },
  {
    title: 'Findings walk-through',
    minutes: 15,
    activity: 'document',
    move: 'findings_reactions',
    guidance:
      'The lead reviewer presents the findings for five minutes, then hands over. Staff mark each finding “surprised by”, “expected” or “want to know more”.',
    board: null,
    documentSection: 'findings',
  },
  {
    title: 'Root causes: what is behind this?',
    minutes: 20,
    activity: 'board',
    move: 'five_whys',
    guidance: 'Ask open coaching questions. Do not offer solutions: precision over prescription.',
    board: 'root_causes',
    documentSection: null,
  },
  {
    title: 'Outside evidence',
    minutes: 15,
    activity: 'discussion',
    move: 'evidence_share',
    guidance: 'Share one or two short, pre-chosen evidence summaries. Partner schools make offers of practice.',
    board: null,
    documentSection: null,
  },
  {
    title: 'Ideas, then prioritising',
    minutes: 15,
    activity: 'board',
    move: 'dot_vote',
    guidance: 'Silent writing, then clustering, then dot voting on impact and effort. Limit to three priorities.',
    board: 'ideas',
    documentSection: null,
  },
  {
    title: 'Action drafting',
    minutes: 13,
    activity: 'board',
    move: 'action_drafting',
    guidance: 'For each priority: owner (by role), first step, success criteria, date and support needed.',
    board: 'ideas',
    documentSection: null,
  },
  {
    title: 'Personal commitments and close',
    minutes: 2,
    activity: 'discussion',
    move: 'commitments',
    guidance: 'Each person types one commitment. Confirm when the plan will be published.',
    board: null,
    documentSection: null,
  },
];

/** B: in person, half a day: the same steps, with more time for the evidence and a gallery of evidence extracts. */
export const InPersonAgenda: readonly AgendaTemplateStage[] = DefaultAgenda.flatMap((stage): AgendaTemplateStage[] => {
  switch (stage.move) {
    case 'how_might_we':
      return [{ ...stage, minutes: 15 }];
    case 'findings_reactions':
      return [{ ...stage, minutes: 25 }];
    case 'five_whys':
      return [{ ...stage, minutes: 30 }];
    case 'evidence_share':
      return [
        {
          title: 'Gallery of evidence',
          minutes: 25,
          activity: 'discussion',
          move: 'gallery',
          guidance:
            'Walk a gallery of anonymised evidence extracts from the review. Each person notes what strikes them before the discussion.',
          board: null,
          documentSection: null,
        },
        { ...stage, minutes: 35 },
      ];
    case 'dot_vote':
      return [{ ...stage, minutes: 30 }];
    case 'action_drafting':
      return [{ ...stage, minutes: 30 }];
    default:
      return [{ ...stage, minutes: 10 }];
  }
});

/** C: the follow-up impact huddle, 30 minutes online (docs/impact-review.md). */
export const ImpactHuddleAgenda: readonly AgendaTemplateStage[] = [
  {
    title: 'Red, amber or green for each action',
    minutes: 15,
    activity: 'document',
    move: 'rag_per_action',
    guidance:
      'Go through the plan action by action. The owner says in a sentence how it is going; the group agrees red, amber or green.',
    board: null,
    documentSection: 'actions',
  },
  {
    title: 'One piece of impact evidence',
    minutes: 10,
    activity: 'discussion',
    move: 'impact_evidence',
    guidance: 'Agree one piece of evidence of the difference the plan is making for pupils. Bands, never names.',
    board: null,
    documentSection: null,
  },
  {
    title: 'Adjust the plan',
    minutes: 5,
    activity: 'discussion',
    move: 'adjust_plan',
    guidance: 'Agree what changes for any action rated red or amber, and who does what before the next checkpoint.',
    board: null,
    documentSection: null,
  },
];

export const AgendaTemplates = ['online_90', 'in_person_half_day', 'impact_huddle'] as const;
export type AgendaTemplate = (typeof AgendaTemplates)[number];

export const AgendaTemplateStages: Record<AgendaTemplate, readonly AgendaTemplateStage[]> = {
  online_90: DefaultAgenda,
  in_person_half_day: InPersonAgenda,
  impact_huddle: ImpactHuddleAgenda,
};

export const AgendaTemplateLabel: Record<AgendaTemplate, string> = {
  online_90: 'A. Online, 90 minutes',
  in_person_half_day: 'B. In person, half a day',
  impact_huddle: 'C. Impact huddle, 30 minutes',
};

/** The template a workshop starts from: the half day for a review held in person, else the 90 minutes online. */
export function agendaTemplateFor(reviewMode: ReviewMode): AgendaTemplate {
  return reviewMode === 'in_person' ? 'in_person_half_day' : 'online_90';
}

/** Limits on what a facilitator may put in an agenda. */
export const AgendaLimits = {
  maxStages: 20,
  titleMaxLength: 120,
  guidanceMaxLength: 1000,
  minMinutes: 1,
  maxMinutes: 240,
} as const;
