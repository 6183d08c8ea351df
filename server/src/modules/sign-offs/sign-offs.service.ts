import {
  SignOffRoleLabel,
  atLeast,
  decideSignOff,
  reviewAccess,
  type Actor,
  type SignOff,
  type SignOffCreate,
  type SignOffList,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { NotFound, Refused, refusalOf } from '../../errors/domain-errors.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { ReviewsService } from '../reviews/reviews.service.ts';
import type { VersionsService } from '../versions/versions.service.ts';
import { recordSignOff } from './record-sign-off.ts';
import type { SignOffRow, SignOffsRepository } from './sign-offs.repository.ts';

/**
 * Sign-off of the enquiry document (docs/domain.md c.12). The signer is the signed-in person, in the role the shared
 * rule finds for them; the document as it stands is saved as a named version first, so each signature names
 * exactly what was signed. Signatures are append-only and each one is in the audit trail.
 */
export class SignOffsService {
  readonly #sql: Sql;
  readonly #reviews: ReviewsService;
  readonly #versions: VersionsService;
  readonly #signOffs: SignOffsRepository;
  readonly #audit: AuditRepository;
  readonly #logger: Logger;

  constructor(deps: {
    sql: Sql;
    reviews: ReviewsService;
    versions: VersionsService;
    signOffs: SignOffsRepository;
    audit: AuditRepository;
    logger: Logger;
  }) {
    this.#sql = deps.sql;
    this.#reviews = deps.reviews;
    this.#versions = deps.versions;
    this.#signOffs = deps.signOffs;
    this.#audit = deps.audit;
    this.#logger = deps.logger;
  }

  /** Every signature, for anyone who may read the findings (404 for people who may not see the review). */
  async list(reviewId: string, actor: Actor): Promise<SignOffList> {
    const view = await this.#reviews.view(reviewId, actor);
    if (!atLeast(reviewAccess(view.access, 'findings'), 'read')) {
      throw new Refused('Your role on this review does not include the findings.');
    }
    const decision = decideSignOff(view.roles, view.row.state);
    return {
      signOffs: await Promise.all((await this.#signOffs.list(reviewId)).map((row) => this.#toSignOff(row))),
      mySignOff: decision.ok ? { role: decision.role } : { role: null, reason: decision.reason },
    };
  }

  /** Signs as the signed-in person: refused for anyone but the lead reviewer and host headteacher, a conflict at the wrong time. */
  async sign(reviewId: string, actor: Actor, input: SignOffCreate): Promise<SignOff> {
    const view = await this.#reviews.view(reviewId, actor);
    const decision = decideSignOff(view.roles, view.row.state);
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    const version = await this.#versions.saveSnapshot(
      reviewId,
      `Signed off by the ${SignOffRoleLabel[decision.role].toLowerCase()}`,
      actor.userId,
    );
    const id = await this.#sql.begin(async (tx) => {
      const state = await this.#signOffs.lockReviewState(reviewId, tx);
      if (!state) {
        throw new NotFound('review');
      }
      // The state may have moved on since it was read; decide again under the lock.
      const now = decideSignOff(view.roles, state);
      if (!now.ok) {
        throw refusalOf(now);
      }
      return recordSignOff(
        { signOffs: this.#signOffs, audit: this.#audit },
        {
          reviewId,
          role: now.role,
          signedBy: actor.userId,
          reviewState: state,
          versionId: version.id,
          note: input.note?.trim() ? input.note.trim() : null,
        },
        tx,
      );
    });
    this.#logger.info({ reviewId, signOffId: id, role: decision.role }, 'enquiry document signed off');
    const [row] = await this.#signOffs.list(reviewId, id);
    if (!row) {
      throw new Error('a signature recorded just now could not be read back');
    }
    return this.#toSignOff(row);
  }

  async #toSignOff(row: SignOffRow): Promise<SignOff> {
    return toSignOff(
      row,
      row.versionId ? await this.#versions.fingerprintOf(row.versionId, row.versionFingerprint) : null,
    );
  }
}

function toSignOff(row: SignOffRow, fingerprint: string | null): SignOff {
  return {
    id: row.id,
    role: row.role,
    signedBy: { id: row.signedById, displayName: row.signedByName },
    signedAt: row.signedAt.toISOString(),
    reviewState: row.reviewState,
    version: row.versionId && fingerprint ? { id: row.versionId, label: row.versionLabel ?? '', fingerprint } : null,
    note: row.note,
  };
}
