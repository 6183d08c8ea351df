import { dayInWords } from '../calendar/dates.ts';
import { ReviewActions, TransitionRules, type SessionKind } from '../domain/lifecycle.ts';
import { ReviewRoleLabel, ReviewStateLabel, type ReviewRole, type ReviewState } from '../domain/review-states.ts';
import { SCHOOL_TIME_ZONE } from '../time.ts';
import { rolesToActAt } from './recipients.ts';

/**
 * The words of every notification. Notifications and emails leave the review (emails leave Crosswalk), so they name
 * only the host school, the kind of meeting and dates, never anything written in the review.
 */

/** A session's kind as it reads in the middle of a sentence. */
export const SessionKindInSentence: Record<SessionKind, string> = {
  pre_review_meeting: 'pre-review meeting',
  review_day: 'review day',
  feedback_meeting: 'feedback meeting',
  improvement_workshop: 'improvement workshop',
  impact_review: 'impact review meeting',
};

/** "Tuesday 3 March 2026 at 09:00", London time. */
export function whenInWords(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: SCHOOL_TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} at ${timeInWords(at)}`;
}

/** "09:00", London time. */
export function timeInWords(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: SCHOOL_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

const reviewOf = (school: string) => `the peer review of ${school}`;

/** What the people who must act next can now do, e.g. "approve the enquiry focus". */
function nextStepAt(state: ReviewState, role: ReviewRole): string | null {
  const action = ReviewActions.find((a) => {
    const rule = TransitionRules[a];
    return rule.from.includes(state) && rule.by.includes(role) && a !== 'pause' && a !== 'cancel';
  });
  return action ? TransitionRules[action].label.toLowerCase() : null;
}

export function stateChangedText(school: string, to: ReviewState, roles: readonly ReviewRole[]): string {
  const reached = `${capitalise(reviewOf(school))} is now at "${ReviewStateLabel[to]}".`;
  if (to === 'cancelled') {
    return `${capitalise(reviewOf(school))} has been cancelled.`;
  }
  if (to === 'closed') {
    return `${capitalise(reviewOf(school))} is closed. Thank you for taking part.`;
  }
  const acting = roles.filter((role) => rolesToActAt(to).includes(role));
  const steps = [...new Set(acting.map((role) => nextStepAt(to, role)).filter((step) => step !== null))];
  return steps.length > 0 ? `${reached} Next, you can ${steps.join(' or ')}.` : reached;
}

export function teamAddedText(school: string, role: ReviewRole): string {
  return `You have been added to ${reviewOf(school)} as ${ReviewRoleLabel[role].toLowerCase()}.`;
}

export function teamRemovedText(school: string): string {
  return `You are no longer on the team for ${reviewOf(school)}.`;
}

export function sessionScheduledText(school: string, kind: SessionKind, startsAt: Date): string {
  return `A ${SessionKindInSentence[kind]} for ${reviewOf(school)} is arranged for ${whenInWords(startsAt)}.`;
}

export function sessionMovedText(school: string, kind: SessionKind, startsAt: Date): string {
  return `The ${SessionKindInSentence[kind]} for ${reviewOf(school)} has moved to ${whenInWords(startsAt)}.`;
}

export function sessionCancelledText(school: string, kind: SessionKind, startsAt: Date): string {
  return `The ${SessionKindInSentence[kind]} for ${reviewOf(school)} on ${whenInWords(startsAt)} has been cancelled.`;
}

/** To someone taken off a review's team: a session they were invited to is no longer theirs (it still goes ahead). */
export function sessionLeftText(school: string, kind: SessionKind, startsAt: Date): string {
  return `You no longer take part in the ${SessionKindInSentence[kind]} for ${reviewOf(school)} on ${whenInWords(startsAt)}, so it has been taken out of your calendar.`;
}

export type ReminderLead = 'day' | 'hour';

export function sessionReminderText(school: string, kind: SessionKind, startsAt: Date, lead: ReminderLead): string {
  const when = lead === 'day' ? `tomorrow at ${timeInWords(startsAt)}` : `in an hour, at ${timeInWords(startsAt)}`;
  return `Reminder: the ${SessionKindInSentence[kind]} for ${reviewOf(school)} starts ${when}.`;
}

export function safeguardingConcernText(school: string, raisedAt: Date): string {
  return `A safeguarding concern was raised during a session of ${reviewOf(school)} on ${whenInWords(raisedAt)}. Please contact the review team today and follow your safeguarding procedures.`;
}

/**
 * What a published rota means for one person on one review: hosting it, reviewing it or championing it, with its days
 * (docs/domain.md f).
 */
export function rotaReviewText(
  rota: { partnershipName: string; academicYear: string },
  school: string,
  days: readonly string[],
  role: ReviewRole,
): string {
  const published = `The ${rota.academicYear} review rota of ${rota.partnershipName} is published:`;
  const when = days.map((day) => dayInWords(day)).join(' and ');
  switch (role) {
    case 'host_headteacher':
    case 'host_link_lead':
      return `${published} ${school} is hosting its peer review on ${when}. Next, you can accept the review slot.`;
    case 'lead_reviewer':
      return `${published} you are the lead reviewer for ${reviewOf(school)} on ${when}.`;
    case 'peer_reviewer':
      return `${published} you are a peer reviewer for ${reviewOf(school)} on ${when}.`;
    case 'improvement_champion':
      return `${published} you are the improvement champion for ${reviewOf(school)} (review on ${when}), and will run its improvement workshop afterwards.`;
    case 'spp_associate':
      return `${published} you are invited as the SPP associate for ${reviewOf(school)} (review on ${when}).`;
  }
}

/**
 * An action of a published plan that is overdue or at risk, told to its owner and the host headteacher. It names the
 * action by its label (A01 …) and its due date only: what the action says stays in Crosswalk.
 */
export function actionAlertText(
  school: string,
  label: string,
  dueOn: string,
  condition: 'overdue' | 'at_risk',
): string {
  const due = dayInWords(dueOn);
  return condition === 'overdue'
    ? `Action ${label} of the action plan from ${reviewOf(school)} is overdue: it was due on ${due} and is not marked complete. Please update its progress.`
    : `Action ${label} of the action plan from ${reviewOf(school)} is now at risk (due on ${due}). Please agree what support it needs.`;
}

/** The reminder of an impact huddle the day before (docs/impact-review.md). */
export function impactHuddleReminderText(school: string, at: Date): string {
  return `Reminder: the 30-minute impact huddle of ${reviewOf(school)} meets on ${whenInWords(at)}. Bring a red, amber or green view of each action and one piece of impact evidence.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The host headteacher's notice a month before a closed review's content is deleted (docs/data-protection.md
 * "Retention"). `day` is the London day of deletion.
 */
export function contentDeletionNoticeText(school: string, academicYear: string, day: string): string {
  return `The content of ${reviewOf(school)} (${academicYear}) will be deleted on ${dayInWords(day)}, as your partnership's retention setting says: the enquiry document, its versions, comments, and the words of its actions and impact records. Its dates, schools and closed state are kept. If your school needs a copy, export the report before then.`;
}
