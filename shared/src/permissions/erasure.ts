import type { Actor } from './actor.ts';
import type { Refusal } from './decision.ts';

export type ErasureDecision = { ok: true } | Refusal;

/** The account to be erased, as the rule needs it. */
export interface ErasureFacts {
  userId: string;
  /** Whether the account was erased already. */
  erased: boolean;
}

/**
 * Whether the person may erase an account under UK GDPR (docs/data-protection.md, "Erasure"): platform
 * administrators only, never their own account (another administrator must), and only once. Erasure cannot be
 * undone, so the route also asks for the person's email address as confirmation.
 */
export function decideErasure(actor: Actor, account: ErasureFacts): ErasureDecision {
  if (!actor.isAdmin) {
    return { ok: false, kind: 'refused', reason: 'Only an administrator can erase someone’s account.' };
  }
  if (account.userId === actor.userId) {
    return { ok: false, kind: 'refused', reason: 'You cannot erase your own account. Ask another administrator.' };
  }
  if (account.erased) {
    return { ok: false, kind: 'conflict', reason: 'This account has been erased already.' };
  }
  return { ok: true };
}

/**
 * Who chooses what happens to the text an erased person wrote in a school's reviews (replace, remove, or keep the
 * text without their name): the school's headteachers. Others, administrators included, may only read it.
 */
export function canSetErasurePolicy(actor: Actor, schoolId: string): boolean {
  return actor.schools.some((s) => s.schoolId === schoolId && s.role === 'headteacher');
}
