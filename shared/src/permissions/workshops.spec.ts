import { describe, expect, it } from 'vitest';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import { mayContribute, mayFacilitate, workshopRole } from './workshops.ts';

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
