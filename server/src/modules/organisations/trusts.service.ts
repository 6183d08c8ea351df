import {
  canCreateTrusts,
  canListLocalAuthorities,
  canRenameTrusts,
  type Actor,
  type TrustInput,
  type TrustView,
} from '@crosswalk/shared';
import type { Queryable } from '../../db/client.ts';
import { Invalid, NotFound, Refused } from '../../errors/domain-errors.ts';
import type { OrganisationDeps } from './organisation-changes.ts';

/** Multi-academy trusts: a name their schools point to, so the trust can set term dates for all of them. */
export class TrustsService {
  readonly #deps: OrganisationDeps;
  constructor(deps: OrganisationDeps) {
    this.#deps = deps;
  }

  /** The same people who choose a school's local authority choose its trust. */
  async list(actor: Actor): Promise<{ trusts: TrustView[]; canCreate: boolean; canRename: boolean }> {
    if (!canListLocalAuthorities(actor)) {
      throw new Refused('Only administrators, partnership leads and headteachers can see the trusts.');
    }
    return {
      trusts: await this.#deps.organisations.trusts(),
      canCreate: canCreateTrusts(actor),
      canRename: canRenameTrusts(actor),
    };
  }

  async create(actor: Actor, input: TrustInput): Promise<{ id: string }> {
    if (!canCreateTrusts(actor)) {
      throw new Refused('Only partnership leads and administrators can set up a trust.');
    }
    return this.#deps.sql.begin(async (tx) => {
      await this.#refuseTakenName(input.name, null, tx);
      const id = await this.#deps.organisations.createTrust(input.name, tx);
      await this.#deps.audit.record({ actorUserId: actor.userId, action: 'trust.created', subjectId: id }, tx);
      return { id };
    });
  }

  async rename(actor: Actor, id: string, input: TrustInput): Promise<void> {
    if (!canRenameTrusts(actor)) {
      throw new Refused('Only platform administrators can rename a trust, since all its schools share the name.');
    }
    await this.#deps.sql.begin(async (tx) => {
      await this.#refuseTakenName(input.name, id, tx);
      if (!(await this.#deps.organisations.renameTrust(id, input.name, tx))) {
        throw new NotFound('trust');
      }
      await this.#deps.audit.record({ actorUserId: actor.userId, action: 'trust.renamed', subjectId: id }, tx);
    });
  }

  async #refuseTakenName(name: string, exceptId: string | null, tx: Queryable): Promise<void> {
    if (await this.#deps.organisations.trustNameTaken(name, exceptId, tx)) {
      const message = `There is already a trust called ${name}`;
      throw new Invalid(message, [{ path: 'name', message }]);
    }
  }
}
