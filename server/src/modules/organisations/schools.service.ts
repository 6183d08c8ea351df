import {
  canCreateTrusts,
  canEditPartnership,
  schoolAccess,
  type Actor,
  type SafeguardingContacts,
  type SafeguardingRetention,
  type SchoolCreate,
  type SchoolInput,
  type SchoolView,
} from '@crosswalk/shared';
import type { Queryable } from '../../db/client.ts';
import { Invalid, NotFound, Refused } from '../../errors/domain-errors.ts';
import type { DirectoryRepository } from '../directory/directory.repository.ts';
import { recordSchoolJoined, type OrganisationDeps } from './organisation-changes.ts';

export interface SchoolsServiceDeps extends OrganisationDeps {
  directory: DirectoryRepository;
}

/** A school's details (name, phase, local authority, URN) and its safeguarding contacts. */
export class SchoolsService {
  readonly #deps: SchoolsServiceDeps;
  constructor(deps: SchoolsServiceDeps) {
    this.#deps = deps;
  }

  async #access(schoolId: string, actor: Actor) {
    const partnerships = await this.#deps.organisations.partnershipsOfSchool(schoolId);
    const access = schoolAccess(actor, { id: schoolId, partnerships });
    const school = access.see ? await this.#deps.organisations.school(schoolId) : undefined;
    if (!school) {
      throw new NotFound('school');
    }
    return { school, partnerships, access };
  }

  async view(actor: Actor, schoolId: string): Promise<SchoolView> {
    const { school, partnerships, access } = await this.#access(schoolId, actor);
    const { organisations } = this.#deps;
    return {
      ...school,
      canEdit: access.editDetails,
      canEditContacts: access.editContacts,
      canEditSafeguardingRetention: access.editSafeguardingRetention,
      safeguardingRetentionMonths: await organisations.safeguardingRetentionMonths(schoolId),
      partnerships: partnerships.map((p) => ({ id: p.id, name: p.name })),
      contacts: await organisations.contacts(schoolId),
      ladoRecorded: await organisations.ladoRecorded(school.localAuthority?.id ?? null),
      localAuthorities: access.editDetails ? await organisations.localAuthorityChoices() : [],
      trust: await organisations.trustOf(schoolId),
      trusts: access.editDetails ? await organisations.trustChoices() : [],
      canCreateTrust: access.editDetails && canCreateTrusts(actor),
    };
  }

  /** Creates a school into a partnership the person may change. */
  async create(actor: Actor, input: SchoolCreate): Promise<{ id: string }> {
    const partnership = await this.#deps.directory.partnership(input.partnershipId);
    if (!partnership || !canEditPartnership(actor, partnership)) {
      throw new Refused('You can only add schools to a partnership you lead.');
    }
    return this.#deps.sql.begin(async (tx) => {
      const county = await this.#checkDetails(input, null, tx);
      const stored = await this.#deps.organisations.createSchool({ ...input, county }, tx);
      await this.#deps.organisations.linkSchool(input.partnershipId, stored.id, tx);
      if (input.trustId) {
        await this.#deps.organisations.setSchoolTrust(stored.id, input.trustId, tx);
      }
      await recordSchoolJoined(
        this.#deps.audit,
        { actorUserId: actor.userId, partnershipId: input.partnershipId, schoolId: stored.id, created: true },
        tx,
      );
      return { id: stored.id };
    });
  }

  async update(actor: Actor, schoolId: string, input: SchoolInput): Promise<void> {
    const { access } = await this.#access(schoolId, actor);
    if (!access.editDetails) {
      throw new Refused("Only a lead of the school's partnership or an administrator can change its details.");
    }
    await this.#deps.sql.begin(async (tx) => {
      const county = await this.#checkDetails(input, schoolId, tx);
      await this.#deps.organisations.updateSchool(schoolId, input, county, tx);
      if (input.trustId !== undefined) {
        await this.#deps.organisations.setSchoolTrust(schoolId, input.trustId, tx);
      }
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'school.updated',
          subjectId: schoolId,
          detail: {
            phase: input.phase,
            localAuthorityId: input.localAuthorityId,
            urn: input.urn,
            ...(input.trustId !== undefined ? { trustId: input.trustId } : {}),
          },
        },
        tx,
      );
    });
  }

  async setContacts(actor: Actor, schoolId: string, contacts: SafeguardingContacts): Promise<SafeguardingContacts> {
    const { access } = await this.#access(schoolId, actor);
    if (!access.editContacts) {
      throw new Refused(
        "Only the school's headteacher, a lead of its partnership or an administrator can change its safeguarding contacts.",
      );
    }
    await this.#deps.sql.begin(async (tx) => {
      await this.#deps.organisations.setContacts(schoolId, contacts, actor.userId, tx);
      // Which contacts are recorded, never who they are: names and addresses stay out of the audit trail.
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'school.safeguarding_contacts_updated',
          subjectId: schoolId,
          detail: { dsl: contacts.dsl !== null, deputyDsl: contacts.deputyDsl !== null },
        },
        tx,
      );
    });
    return this.#deps.organisations.contacts(schoolId);
  }

  /**
   * How long records of safeguarding concerns raised in this school's reviews are kept (docs/data-protection.md
   * "Retention"): null keeps them until the school decides otherwise.
   */
  async setSafeguardingRetention(actor: Actor, schoolId: string, input: SafeguardingRetention): Promise<void> {
    const { access } = await this.#access(schoolId, actor);
    if (!access.editSafeguardingRetention) {
      throw new Refused(
        "Only the school's headteacher or an administrator can change how long its safeguarding records are kept.",
      );
    }
    await this.#deps.sql.begin(async (tx) => {
      await this.#deps.organisations.setSafeguardingRetentionMonths(schoolId, input.safeguardingRetentionMonths, tx);
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'school.safeguarding_retention_changed',
          subjectId: schoolId,
          detail: { safeguardingRetentionMonths: input.safeguardingRetentionMonths },
        },
        tx,
      );
    });
  }

  /** The local authority must exist and the URN be free; answers the county the school is in (its authority's). */
  async #checkDetails(input: SchoolInput, schoolId: string | null, tx: Queryable): Promise<string> {
    const county = await this.#deps.organisations.countyOf(input.localAuthorityId, tx);
    const fields: { path: string; message: string }[] = [];
    if (county === undefined) {
      fields.push({ path: 'localAuthorityId', message: 'Choose a local authority from the list' });
    }
    if (input.trustId && !(await this.#deps.organisations.trustExists(input.trustId, tx))) {
      fields.push({ path: 'trustId', message: 'Choose a trust from the list' });
    }
    const holder = input.urn ? await this.#deps.organisations.urnHolder(input.urn, schoolId, tx) : undefined;
    if (holder !== undefined) {
      fields.push({ path: 'urn', message: `URN ${input.urn ?? ''} is already used by ${holder}` });
    }
    if (fields.length > 0) {
      throw new Invalid(fields.map((f) => f.message).join('. '), fields);
    }
    return county ?? '';
  }
}
