import { dayInWords } from '../calendar/dates.ts';

/**
 * The words of school-to-school support notifications (docs/support.md). Like every notification they leave the
 * review, so they name only the schools, the action's label and dates, never what is needed or what was offered.
 */

/** To the partnership's other schools: a school asks for support on one of its actions. */
export function supportRequestedText(hostSchool: string, label: string, neededBy: string): string {
  return `${hostSchool} has asked the partnership for support with action ${label} of its action plan, needed by ${dayInWords(neededBy)}. See what is needed, and offer help if your school can, on the partnership’s support page.`;
}

/** To the host school: a partner school offered support on one of its actions. */
export function supportOfferedText(hostSchool: string, label: string, offeringSchool: string): string {
  return `${offeringSchool} has offered support for action ${label} of ${hostSchool}’s action plan. Read the offer and accept it on the action plan.`;
}

/** To the offering school: the host accepted its offer, or chose another school's. */
export function supportDecidedText(
  hostSchool: string,
  label: string,
  neededBy: string,
  decision: 'accepted' | 'declined',
): string {
  return decision === 'accepted'
    ? `${hostSchool} has accepted your school’s offer of support for action ${label} (needed by ${dayInWords(neededBy)}). Agree the next steps together and record progress on the partnership’s support page.`
    : `${hostSchool} has accepted another school’s offer of support for action ${label}, so your school’s offer is not needed this time. Thank you for offering.`;
}
