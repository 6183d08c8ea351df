import { describe, expect, it } from 'vitest';
import { canInviteAnyone, canInviteInto, canReadOutbox } from './accounts.ts';
import type { Actor } from './actor.ts';

const P1 = 'partnership-1';
const P2 = 'partnership-2';
const base: Actor = { userId: 'u', isAdmin: false, schools: [], partnerships: [] };
const admin: Actor = { ...base, isAdmin: true };
const lead: Actor = { ...base, partnerships: [{ partnershipId: P1, role: 'partnership_lead' }] };
const reviewer: Actor = { ...base, partnerships: [{ partnershipId: P1, role: 'peer_reviewer' }] };

describe('invitation permissions', () => {
  it('lets administrators invite anywhere', () => {
    expect(canInviteAnyone(admin)).toBe(true);
    expect(canInviteInto(admin, { partnershipId: P2 })).toBe(true);
    expect(canInviteInto(admin, { schoolPartnershipIds: [] })).toBe(true);
  });

  it('lets a partnership lead invite only within partnerships they lead', () => {
    expect(canInviteAnyone(lead)).toBe(true);
    expect(canInviteInto(lead, { partnershipId: P1 })).toBe(true);
    expect(canInviteInto(lead, { partnershipId: P2 })).toBe(false);
    expect(canInviteInto(lead, { schoolPartnershipIds: [P2, P1] })).toBe(true);
    expect(canInviteInto(lead, { schoolPartnershipIds: [P2] })).toBe(false);
    expect(canInviteInto(lead, { schoolPartnershipIds: [] })).toBe(false);
    expect(canInviteInto(lead, { partnershipId: P1, schoolPartnershipIds: [P2] })).toBe(false);
  });

  it('refuses a lead with no target at all', () => {
    expect(canInviteInto(lead, {})).toBe(false);
  });

  it('refuses everyone else', () => {
    expect(canInviteAnyone(reviewer)).toBe(false);
    expect(canInviteInto(reviewer, { partnershipId: P1 })).toBe(false);
  });

  it('shows the outbox to administrators only', () => {
    expect(canReadOutbox(admin)).toBe(true);
    expect(canReadOutbox(lead)).toBe(false);
  });
});
