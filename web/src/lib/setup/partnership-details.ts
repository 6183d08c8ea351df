import type { PartnershipKind, SppPhase } from '@crosswalk/shared';
import type { FieldProblem } from '#lib/utils/form-errors.ts';
import { FormSubmission } from '#lib/utils/form-submission.svelte.ts';

/** A partnership's details as the form holds them: empty strings for "not recorded" and "no other partnership". */
export interface PartnershipDetails {
  name: string;
  kind: PartnershipKind;
  sppPhase: SppPhase | '';
  parentId: string;
}

export const blankPartnershipDetails = (): PartnershipDetails => ({
  name: '',
  kind: 'local',
  sppPhase: '',
  parentId: '',
});

const WORDS: Record<string, string> = { name: 'Name', kind: 'Kind', sppPhase: 'Phase', parentId: 'Belongs to' };

/** The submission of a partnership's details, naming its fields as the form does. */
export function partnershipDetailsSubmission(): FormSubmission {
  return new FormSubmission((path) => WORDS[path]);
}

/** What is wrong with the details before they are sent. */
export function partnershipDetailsProblems(details: PartnershipDetails): FieldProblem[] {
  return details.name.trim() ? [] : [{ path: 'name', message: 'Enter the name of the partnership' }];
}

/** The details as the API takes them. */
export function partnershipDetailsBody(details: PartnershipDetails) {
  return {
    name: details.name,
    kind: details.kind,
    sppPhase: details.sppPhase || null,
    parentId: details.parentId || null,
  };
}
