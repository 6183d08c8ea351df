/** Longest passage or replacement a proposed correction may carry (a correction of fact is short). */
export const SuggestionTextMax = 2000;

export const SuggestionStatuses = ['pending', 'accepted', 'rejected', 'outdated'] as const;
export type SuggestionStatus = (typeof SuggestionStatuses)[number];

export const SuggestionStatusLabel: Record<SuggestionStatus, string> = {
  pending: 'Waiting for the lead reviewer',
  accepted: 'Accepted',
  rejected: 'Rejected',
  outdated: 'Outdated: the text has changed',
};
