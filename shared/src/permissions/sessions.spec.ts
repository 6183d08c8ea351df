import { describe, expect, it } from 'vitest';
import { SessionKinds } from '../domain/lifecycle.ts';
import { mayAssignCaptioner, mayModerate, mayRemoveFromSession, sessionParticipation } from './sessions.ts';

describe('session moderation', () => {
  it('lets only moderators admit guests', () => {
    expect(mayModerate('moderator')).toBe(true);
    for (const participation of ['participant', 'guest', 'none'] as const) {
      expect(mayModerate(participation)).toBe(false);
    }
  });

  it('makes the host headteacher a moderator of every kind of session, and never a partnership lead', () => {
    for (const kind of SessionKinds) {
      expect(mayModerate(sessionParticipation(['host_headteacher'], kind))).toBe(true);
      expect(mayModerate(sessionParticipation(['partnership_lead'], kind))).toBe(false);
    }
    expect(mayModerate(sessionParticipation(['lead_reviewer'], 'review_day'))).toBe(true);
    expect(mayModerate(sessionParticipation(['lead_reviewer'], 'improvement_workshop'))).toBe(false);
  });
});

describe('removing people and giving the captioner role', () => {
  const lead = { participation: 'moderator', leadReviewer: true } as const;
  const host = { participation: 'moderator', leadReviewer: false } as const;
  const reviewer = { participation: 'participant', leadReviewer: false } as const;
  const guest = { participation: 'guest', leadReviewer: false } as const;

  it('lets any moderator remove a guest, and only the lead reviewer remove a member of the review', () => {
    expect(mayRemoveFromSession(host, guest)).toBe(true);
    expect(mayRemoveFromSession(host, reviewer)).toBe(false);
    expect(mayRemoveFromSession(lead, reviewer)).toBe(true);
    expect(mayRemoveFromSession(lead, host)).toBe(true);
    expect(mayRemoveFromSession(reviewer, guest)).toBe(false);
  });

  it('gives the captioner role to the lead reviewer, or the moderators where the lead reviewer does not lead', () => {
    expect(mayAssignCaptioner(lead, 'review_day')).toBe(true);
    expect(mayAssignCaptioner(host, 'review_day')).toBe(false);
    expect(mayAssignCaptioner(host, 'improvement_workshop')).toBe(true);
    expect(mayAssignCaptioner(reviewer, 'improvement_workshop')).toBe(false);
  });
});
