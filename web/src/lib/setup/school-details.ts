import type { SchoolPhase } from '@crosswalk/shared';

/** A school's details as the form holds them: an empty phase or URN until the person chooses. */
export interface SchoolDetails {
  name: string;
  phase: SchoolPhase | '';
  localAuthorityId: string;
  urn: string;
}

/** Whether `text` is a URN: the six digits Get Information about Schools gives each school. */
export const isUrn = (text: string): boolean => /^\d{6}$/.test(text.trim());
