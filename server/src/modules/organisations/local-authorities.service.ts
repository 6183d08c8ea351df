import {
  canListLocalAuthorities,
  canManageLocalAuthorities,
  type Actor,
  type LocalAuthorityInput,
  type LocalAuthorityView,
} from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';
import { Invalid, NotFound, Refused } from '../../errors/domain-errors.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { OrganisationsRepository } from './organisations.repository.ts';

/** Local authorities and their designated officers (LADO): set up by platform administrators. */
export class LocalAuthoritiesService {
  readonly #deps: { sql: Sql; organisations: OrganisationsRepository; audit: AuditRepository };
  constructor(deps: { sql: Sql; organisations: OrganisationsRepository; audit: AuditRepository }) {
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
    this.#requireManager(actor);
    return this.#deps.sql.begin(async (tx) => {
      await this.#refuseClashes(input, null, tx);
      const id = await this.#deps.organisations.createLocalAuthority(input, tx);
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'local_authority.created',
          subjectId: id,
          detail: { code: input.code, ladoRecorded: input.ladoEmail !== null },
        },
        tx,
      );
      return { id };
    });
  }

  async update(actor: Actor, id: string, input: LocalAuthorityInput): Promise<void> {
    this.#requireManager(actor);
    await this.#deps.sql.begin(async (tx) => {
      await this.#refuseClashes(input, id, tx);
      if (!(await this.#deps.organisations.updateLocalAuthority(id, input, tx))) {
        throw new NotFound('local authority');
      }
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'local_authority.updated',
          subjectId: id,
          detail: { code: input.code, ladoRecorded: input.ladoEmail !== null },
        },
        tx,
      );
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
