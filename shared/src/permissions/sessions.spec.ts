import { describe, expect, it } from 'vitest';
import { SessionKinds } from '../domain/lifecycle.ts';
import { mayModerate, sessionParticipation } from './sessions.ts';

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
