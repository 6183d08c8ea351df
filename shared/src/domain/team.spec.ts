import { describe, expect, it } from 'vitest';
import type { ReviewFacts } from './lifecycle.ts';
import { TeamLimits } from './review-states.ts';
import { teamAdditionConflict, type TeamAddition } from './team.ts';

const HOST = 'host-school';
const facts = (team: ReviewFacts['team'] = []): ReviewFacts => ({
  state: 'draft',
  pausedFrom: null,
  hostSchoolId: HOST,
  focus: null,
  team,
  readiness: {
    consentConfirmed: false,
    optOutListConfirmed: false,
    safeguardingBriefingDone: false,
    devicesTested: false,
  },
  sessions: [],
  selfReviewSubmitted: false,
  today: '2026-11-23',
  signedOff: { leadReviewer: false, hostHeadteacher: false },
  pendingCorrections: 0,
  document: null,
  impact: null,
});
const person = (role: TeamAddition['role'], schoolIds: string[], userId = 'new'): TeamAddition => ({
  userId,
  displayName: 'Sam Patel',
  schoolIds,
  role,
});
const add = (team: ReviewFacts['team'], addition: TeamAddition) =>
  teamAdditionConflict(facts(team), addition, 'Oak Primary');

describe('adding to a review team', () => {
  it('accepts a sound team: host side from the host school, reviewers and champion from elsewhere', () => {
    expect(add([], person('host_headteacher', [HOST]))).toBeNull();
    expect(add([], person('host_link_lead', [HOST]))).toBeNull();
    expect(add([], person('lead_reviewer', ['a']))).toBeNull();
    expect(
      add([{ userId: 'l', role: 'lead_reviewer', schoolIds: ['a'] }], person('improvement_champion', ['c'])),
    ).toBeNull();
  });

  it('refuses anyone twice, a second lead reviewer or host headteacher, and too many peer reviewers', () => {
    expect(add([{ userId: 'new', role: 'peer_reviewer', schoolIds: ['a'] }], person('lead_reviewer', ['a']))).toBe(
      "Sam Patel is already on this review's team.",
    );
    expect(add([{ userId: 'l', role: 'lead_reviewer', schoolIds: ['a'] }], person('lead_reviewer', ['b']))).toBe(
      'This review already has a lead reviewer.',
    );
    expect(
      add([{ userId: 'h', role: 'host_headteacher', schoolIds: [HOST] }], person('host_headteacher', [HOST])),
    ).toBe('This review already has a host headteacher.');
    const full = Array.from({ length: TeamLimits.maxPeerReviewers }, (_, i) => ({
      userId: `p${i}`,
      role: 'peer_reviewer' as const,
      schoolIds: ['a'],
    }));
    expect(add(full, person('peer_reviewer', ['b']))).toBe(
      `A review team has at most ${TeamLimits.maxPeerReviewers} peer reviewers.`,
    );
  });

  it('keeps the host side at the host school and reviewers away from it', () => {
    expect(add([], person('host_link_lead', ['a']))).toBe('Sam Patel is not on the staff of Oak Primary.');
    expect(add([], person('peer_reviewer', ['a', HOST]))).toBe('Sam Patel works at Oak Primary, so cannot review it.');
  });

  it('refuses a champion from a school involved in the review', () => {
    expect(add([{ userId: 'l', role: 'lead_reviewer', schoolIds: ['a'] }], person('improvement_champion', ['a']))).toBe(
      'The improvement champion must come from a school that is not involved in this review.',
    );
    expect(add([{ userId: 'c', role: 'improvement_champion', schoolIds: ['c'] }], person('peer_reviewer', ['c']))).toBe(
      'The improvement champion must come from a school that is not involved in this review.',
    );
  });
});
