import {
  canListLocalAuthorities,
  canManageLocalAuthorities,
  type Actor,
  type LocalAuthorityInput,
  type LocalAuthorityView,
} from '@crosswalk/shared';
import type { Queryable } from '../../db/client.ts';
import { Invalid, NotFound, Refused } from '../../errors/domain-errors.ts';
import type { OrganisationDeps } from './organisation-changes.ts';

/** Local authorities and their designated officers (LADO): set up by platform administrators. */
export class LocalAuthoritiesService {
  readonly #deps: OrganisationDeps;
  constructor(deps: OrganisationDeps) {
    this.#deps = deps;
  }

  async list(actor: Actor): Promise<{ localAuthorities: LocalAuthorityView[]; canManage: boolean }> {
    if (!canListLocalAuthorities(actor)) {
      throw new Refused('Only administrators, partnership leads and headteachers can see the local authorities.');
    }
    return {
      localAuthorities: await this.#deps.organisations.localAuthorities(),
      canManage: canManageLocalAuthorities(actor),
    };
  }

  async create(actor: Actor, input: LocalAuthorityInput): Promise<{ id: string }> {
    return { id: await this.#save(actor, null, input) };
  }

  async update(actor: Actor, id: string, input: LocalAuthorityInput): Promise<void> {
    await this.#save(actor, id, input);
  }

  /** Creates the authority (`id` null) or changes it, refusing a name or code another one has. */
  async #save(actor: Actor, id: string | null, input: LocalAuthorityInput): Promise<string> {
    this.#requireManager(actor);
    return this.#deps.sql.begin(async (tx) => {
      await this.#refuseClashes(input, id, tx);
      let subjectId = id;
      if (subjectId === null) {
        subjectId = await this.#deps.organisations.createLocalAuthority(input, tx);
      } else if (!(await this.#deps.organisations.updateLocalAuthority(subjectId, input, tx))) {
        throw new NotFound('local authority');
      }
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: id === null ? 'local_authority.created' : 'local_authority.updated',
          subjectId,
          detail: { code: input.code, ladoRecorded: input.ladoEmail !== null },
        },
        tx,
      );
      return subjectId;
    });
  }

  #requireManager(actor: Actor): void {
    if (!canManageLocalAuthorities(actor)) {
      throw new Refused('Only platform administrators can set up local authorities.');
    }
  }

  async #refuseClashes(input: LocalAuthorityInput, exceptId: string | null, tx: Queryable): Promise<void> {
    const clash = await this.#deps.organisations.localAuthorityClashes(input, exceptId, tx);
    const fields = [
      ...(clash.name ? [{ path: 'name', message: `There is already a local authority called ${input.name}` }] : []),
      ...(clash.code ? [{ path: 'code', message: `Another local authority already has the code ${input.code}` }] : []),
    ];
    if (fields.length > 0) {
      throw new Invalid(fields.map((f) => f.message).join('. '), fields);
    }
  }
}
