import { describe, expect, it } from 'vitest';
import {
  rolesToActAt,
  sessionAttendees,
  toldOfSafeguardingConcern,
  toldOfTeamChange,
  toldOfRotaReview,
  toldOfTransition,
  type TeamMember,
} from './recipients.ts';
import { rotaReviewText, sessionReminderText, sessionScheduledText, stateChangedText } from './texts.ts';

const team: TeamMember[] = [
  { userId: 'head', role: 'host_headteacher' },
  { userId: 'link', role: 'host_link_lead' },
  { userId: 'lead', role: 'lead_reviewer' },
  { userId: 'peer1', role: 'peer_reviewer' },
  { userId: 'peer2', role: 'peer_reviewer' },
  { userId: 'champion', role: 'improvement_champion' },
];

describe('who is told of a lifecycle change', () => {
  it('tells the roles that must act next, from the lifecycle rules', () => {
    expect(rolesToActAt('draft')).toEqual(['host_headteacher']);
    expect(rolesToActAt('focus_agreed')).toEqual(['lead_reviewer']);
    expect(rolesToActAt('planned').sort()).toEqual(['host_headteacher', 'host_link_lead']);
    expect(rolesToActAt('report_agreed')).toEqual(['improvement_champion']);
    // Only Crosswalk moves on from a published action plan: nobody is asked to act.
    expect(rolesToActAt('action_plan_published')).toEqual([]);
  });

  it('tells the lead reviewer when the host approves the focus, and not the host who did it', () => {
    expect(toldOfTransition({ to: 'focus_agreed', team, actorUserId: 'head' })).toEqual(['lead']);
  });

  it('tells the host head and link lead when the plan is confirmed', () => {
    expect(toldOfTransition({ to: 'planned', team, actorUserId: 'lead' }).sort()).toEqual(['head', 'link']);
  });

  it('tells nobody when the person who acts is also the one who acts next', () => {
    expect(toldOfTransition({ to: 'in_review', team, actorUserId: 'lead' })).toEqual([]);
  });

  it('tells those who may resume a paused review, and everyone when a review ends', () => {
    expect(toldOfTransition({ to: 'paused', team, actorUserId: 'head' })).toEqual(['lead']);
    expect(toldOfTransition({ to: 'cancelled', team, actorUserId: null }).sort()).toEqual(
      ['champion', 'head', 'lead', 'link', 'peer1', 'peer2'].sort(),
    );
    expect(toldOfTransition({ to: 'closed', team, actorUserId: 'head' })).toHaveLength(5);
  });
});

describe('who is told of a team change', () => {
  it('tells the person added or removed, unless they made the change', () => {
    expect(toldOfTeamChange({ userId: 'peer1', actorUserId: 'lead' })).toEqual(['peer1']);
    expect(toldOfTeamChange({ userId: 'lead', actorUserId: 'lead' })).toEqual([]);
  });
});

describe('who takes part in a session', () => {
  const people = [
    ...team.map((m) => ({ userId: m.userId, roles: [m.role] as const })),
    { userId: 'teacher', roles: ['host_staff'] as const },
    { userId: 'partnership', roles: ['partnership_lead'] as const },
  ];

  it('invites the review team to a review day, not guests who may only knock', () => {
    expect(sessionAttendees('review_day', people).sort()).toEqual(['head', 'lead', 'link', 'peer1', 'peer2']);
  });

  it('invites host staff and the champion to the improvement workshop, not the peer reviewers', () => {
    expect(sessionAttendees('improvement_workshop', people).sort()).toEqual(
      ['champion', 'head', 'lead', 'link', 'teacher'].sort(),
    );
  });
});

describe('who is told of a safeguarding concern', () => {
  it("tells the school's designated safeguarding leads, else the headteacher", () => {
    expect(
      toldOfSafeguardingConcern({ dslUserIds: ['link'], hostHeadUserIds: ['head'], aboutHeadteacher: false }),
    ).toEqual(['link']);
    expect(toldOfSafeguardingConcern({ dslUserIds: [], hostHeadUserIds: ['head'], aboutHeadteacher: false })).toEqual([
      'head',
    ]);
  });

  it('tells nobody at the school about a concern about the headteacher (that goes to the LADO)', () => {
    expect(
      toldOfSafeguardingConcern({ dslUserIds: ['link'], hostHeadUserIds: ['head'], aboutHeadteacher: true }),
    ).toEqual([]);
  });
});

describe('the words', () => {
  const at = new Date('2027-03-02T09:00:00Z');

  it('names the school, the kind of meeting and the date in London time, nothing more', () => {
    expect(sessionScheduledText('Fenbrook Primary', 'review_day', at)).toBe(
      'A review day for the peer review of Fenbrook Primary is arranged for Tuesday 2 March 2027 at 09:00.',
    );
    expect(sessionReminderText('Fenbrook Primary', 'feedback_meeting', new Date('2027-06-01T14:30:00Z'), 'hour')).toBe(
      'Reminder: the feedback meeting for the peer review of Fenbrook Primary starts in an hour, at 15:30.',
    );
  });

  it('says what the reader can do next', () => {
    expect(stateChangedText('Fenbrook Primary', 'focus_agreed', ['lead_reviewer'])).toBe(
      'The peer review of Fenbrook Primary is now at "Focus agreed". Next, you can confirm the plan.',
    );
    expect(stateChangedText('Fenbrook Primary', 'cancelled', ['peer_reviewer'])).toBe(
      'The peer review of Fenbrook Primary has been cancelled.',
    );
  });
});

describe('who is told of a published rota', () => {
  it('tells everyone on the review but the partnership lead who published it', () => {
    expect(toldOfRotaReview({ team, actorUserId: 'pl' }).sort()).toEqual(
      ['champion', 'head', 'lead', 'link', 'peer1', 'peer2'].sort(),
    );
    expect(toldOfRotaReview({ team, actorUserId: 'lead' })).not.toContain('lead');
  });

  it('says what each person does, and when, in plain words', () => {
    const rota = { partnershipName: 'Five Counties Virtual Review Cluster', academicYear: '2025-26' };
    expect(rotaReviewText(rota, 'Fenbrook Primary', ['2025-11-18', '2025-11-19'], 'host_headteacher')).toBe(
      'The 2025-26 review rota of Five Counties Virtual Review Cluster is published: Fenbrook Primary is hosting its peer review on Tuesday 18 November 2025 and Wednesday 19 November 2025. Next, you can accept the review slot.',
    );
    expect(rotaReviewText(rota, 'Fenbrook Primary', ['2025-11-18'], 'peer_reviewer')).toBe(
      'The 2025-26 review rota of Five Counties Virtual Review Cluster is published: you are a peer reviewer for the peer review of Fenbrook Primary on Tuesday 18 November 2025.',
    );
  });
});
