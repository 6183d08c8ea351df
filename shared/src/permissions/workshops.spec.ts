import { describe, expect, it } from 'vitest';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import {
  boardLayoutAccess,
  isBreakoutCandidate,
  mayChangeNote,
  mayCommit,
  mayContribute,
  mayContributeToBoard,
  mayFacilitate,
  mayJoinBreakout,
  maySeeAllCommitments,
  workshopRole,
} from './workshops.ts';

const sharing = { selfReviewWithChampion: false, evidenceWithChampion: false };
const roleOf = (roles: ReviewViewerRole[], state: ReviewState = 'workshop_scheduled') =>
  workshopRole({ roles, state, sharing });

describe('workshop roles', () => {
  it('follows the permission matrix: champion and host head facilitate, host staff write, lead reviewer reads', () => {
    expect(roleOf(['improvement_champion'])).toBe('facilitator');
    expect(roleOf(['host_headteacher'])).toBe('facilitator');
    expect(roleOf(['host_link_lead'])).toBe('participant');
    expect(roleOf(['host_staff'])).toBe('participant');
    expect(roleOf(['lead_reviewer'])).toBe('observer');
    expect(roleOf(['lead_reviewer', 'peer_reviewer'])).toBe('observer');
  });

  it('keeps everyone else out', () => {
    for (const role of ['peer_reviewer', 'partnership_lead', 'cluster_member'] as const) {
      expect(roleOf([role])).toBe('none');
    }
    expect(roleOf([])).toBe('none');
  });

  it('makes a finished review read-only for everyone', () => {
    expect(roleOf(['improvement_champion'], 'closed')).toBe('observer');
    expect(roleOf(['host_staff'], 'cancelled')).toBe('observer');
  });

  it('lets only facilitators command, and participants contribute only while unlocked', () => {
    expect(mayFacilitate('facilitator')).toBe(true);
    expect(mayFacilitate('participant')).toBe(false);
    expect(mayContribute('participant', false)).toBe(true);
    expect(mayContribute('participant', true)).toBe(false);
    expect(mayContribute('facilitator', true)).toBe(true);
    expect(mayContribute('observer', false)).toBe(false);
  });
});

describe('commitments and breakouts', () => {
  it('lets workers commit, facilitators see everyone’s, and members (or facilitators) into breakout rooms', () => {
    expect(mayCommit('participant')).toBe(true);
    expect(mayCommit('observer')).toBe(false);
    expect(maySeeAllCommitments('facilitator')).toBe(true);
    expect(maySeeAllCommitments('participant')).toBe(false);
    expect(mayJoinBreakout('participant', true)).toBe(true);
    expect(mayJoinBreakout('participant', false)).toBe(false);
    expect(mayJoinBreakout('facilitator', false)).toBe(true);
    expect(mayJoinBreakout('none', true)).toBe(false);
  });
});

describe('breakout candidates', () => {
  const candidate = (roles: ReviewViewerRole[], state: ReviewState = 'workshop_scheduled') =>
    isBreakoutCandidate({ roles, state, sharing });

  it('may be anyone who takes part in the workshop, observers included', () => {
    for (const role of ['improvement_champion', 'host_headteacher', 'host_link_lead', 'host_staff'] as const) {
      expect(candidate([role])).toBe(true);
    }
    expect(candidate(['lead_reviewer'])).toBe(true);
    expect(candidate(['host_staff'], 'closed')).toBe(true);
  });

  it('is never someone the workshop is hidden from', () => {
    for (const role of ['peer_reviewer', 'partnership_lead', 'cluster_member'] as const) {
      expect(candidate([role])).toBe(false);
    }
    expect(candidate([])).toBe(false);
  });
});

describe('breakout boards', () => {
  const meeting = { member: true, recalled: false };
  it('let the group’s members and the facilitators change them while the group meets', () => {
    expect(mayContributeToBoard('participant', false, meeting)).toBe(true);
    expect(mayContributeToBoard('participant', false, { member: false, recalled: false })).toBe(false);
    expect(mayContributeToBoard('participant', true, meeting)).toBe(false);
    expect(mayContributeToBoard('facilitator', false, { member: false, recalled: true })).toBe(true);
    expect(mayContributeToBoard('participant', false, null)).toBe(true);
  });

  it('come back read-only after recall, for the group’s own members too', () => {
    expect(boardLayoutAccess('participant', false, { member: true, recalled: true })).toBe('read');
    expect(boardLayoutAccess('observer', false, meeting)).toBe('read');
    expect(boardLayoutAccess('none', false, meeting)).toBe('none');
    expect(mayChangeNote('participant', false, true, { member: true, recalled: true })).toBe(false);
    expect(mayChangeNote('participant', false, true, meeting)).toBe(true);
  });
});
