import { describe, expect, it } from 'vitest';
import { ReviewViewerRoles } from '../domain/lifecycle.ts';
import type { Actor } from './actor.ts';
import { canReadReviewAudit } from './review-audit.ts';

const person: Actor = { userId: 'me', isAdmin: false, schools: [], partnerships: [] };
const admin: Actor = { ...person, isAdmin: true };

describe("who may read a review's audit log", () => {
  it('lets the host headteacher read it', () => {
    expect(canReadReviewAudit(person, ['host_headteacher'])).toBe(true);
  });

  it('lets a platform administrator read it, on the review or not', () => {
    expect(canReadReviewAudit(admin, [])).toBe(true);
    expect(canReadReviewAudit(admin, ['peer_reviewer'])).toBe(true);
  });

  it.each(ReviewViewerRoles.filter((role) => role !== 'host_headteacher'))('refuses a %s', (role) => {
    expect(canReadReviewAudit(person, [role])).toBe(false);
  });

  it('refuses someone with no part in the review', () => {
    expect(canReadReviewAudit(person, [])).toBe(false);
  });
});
