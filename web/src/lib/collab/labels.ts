/** Section ids for presence (awareness `section`) and in-page links. */
export const SectionLabel: Record<string, string> = {
  context: 'Context and self-review',
  focus: 'Enquiry focus',
  evidence: 'Evidence log',
  themes: 'Emerging themes',
  findings: 'Findings',
  feedback: 'Feedback record',
  workshop: 'Improvement workshop record',
  actions: 'Action plan',
  impact: 'Impact review',
};

/** The words for stored values live in shared/, where the version comparison and the report use them too. */
export {
  ActionStatusLabel,
  EvidenceTagLabel,
  FindingKindLabel,
  FindingKindSingular,
  ProgressRatingLabel,
  WorkshopSectionLabel,
} from '@crosswalk/shared';
