import {
  canEditPartnership,
  canSeePartnership,
  contentRetentionProblem,
  decideParent,
  decidePartnershipCreate,
  type Actor,
  type ContentRetention,
  type MemberAccessWindow,
  type PartnershipInput,
  type PartnershipRef,
  type PartnershipSettings,
  type PartnershipSchoolLink,
  type SchoolImport,
  type SchoolImportResult,
} from '@crosswalk/shared';
import { readGiasSchools, type GiasSchool } from '@crosswalk/shared/gias';
import type { Queryable } from '../../db/client.ts';
import { Conflict, Invalid, NotFound, Refused, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { DirectoryRepository, PartnershipSummaryRow } from '../directory/directory.repository.ts';
import { recordSchoolJoined, type OrganisationDeps } from './organisation-changes.ts';

export interface PartnershipSetupDeps extends OrganisationDeps {
  directory: DirectoryRepository;
  logger: Logger;
}

/** The most problems an import's message lists in words; every one is in its fields. */
const PROBLEMS_IN_MESSAGE = 5;

/** Creating and editing partnerships and clusters, and their member schools (one by one or from a GIAS file). */
export class PartnershipSetupService {
  readonly #deps: PartnershipSetupDeps;
  constructor(deps: PartnershipSetupDeps) {
    this.#deps = deps;
  }

  /** The partnership if the person may change it: 404 when they may not know it, 403 when they may only look. */
  async #editable(partnershipId: string, actor: Actor): Promise<PartnershipSummaryRow> {
    const partnership = await this.#deps.directory.partnership(partnershipId);
    if (!partnership) {
      throw new NotFound('partnership');
    }
    if (!canEditPartnership(actor, partnership)) {
      if (!canSeePartnership(actor, partnership, await this.#deps.directory.belongsTo(actor.userId, partnership.id))) {
        throw new NotFound('partnership');
      }
      throw new Refused('Only the partnership lead or an administrator can change this partnership.');
    }
    return partnership;
  }

  async #parent(parentId: string | null): Promise<PartnershipRef | null> {
    if (parentId === null) {
      return null;
    }
    const parent = await this.#deps.directory.partnership(parentId);
    if (!parent) {
      throw new Invalid('That parent partnership does not exist.', [
        { path: 'parentId', message: 'Choose a partnership from the list' },
      ]);
    }
    return parent;
  }

  async create(actor: Actor, input: PartnershipInput): Promise<{ id: string }> {
    const decision = decidePartnershipCreate(actor, await this.#parent(input.parentId));
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    return this.#deps.sql.begin(async (tx) => {
      const id = await this.#deps.organisations.createPartnership(input, tx);
      // Whoever sets a partnership up leads it; administrators already reach every partnership.
      if (!actor.isAdmin) {
        await this.#deps.organisations.addLead(id, actor.userId, tx);
      }
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'partnership.created',
          subjectId: id,
          detail: { kind: input.kind, parentId: input.parentId },
        },
        tx,
      );
      return { id };
    });
  }

  async update(actor: Actor, partnershipId: string, input: PartnershipInput): Promise<void> {
    const partnership = await this.#editable(partnershipId, actor);
    const parent = await this.#parent(input.parentId);
    if (parent && parent.id !== partnership.parentId) {
      const hasClusters = (await this.#deps.organisations.clusters(partnershipId)).length > 0;
      const decision = decideParent(actor, { id: partnershipId, hasClusters }, parent);
      if (!decision.ok) {
        throw refusalOf(decision);
      }
    }
    await this.#deps.sql.begin(async (tx) => {
      await this.#deps.organisations.updatePartnership(partnershipId, input, tx);
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'partnership.updated',
          subjectId: partnershipId,
          detail: { kind: input.kind, parentId: input.parentId, sppPhase: input.sppPhase },
        },
        tx,
      );
    });
  }

  /**
   * How long a closed review stays open to its reviewers and improvement champion (docs/domain.md e.2 rule 2); the
   * host school keeps it. Set by the partnership lead.
   */
  async setMemberAccessWindow(actor: Actor, partnershipId: string, input: MemberAccessWindow): Promise<void> {
    await this.#editable(partnershipId, actor);
    const retention = await this.#deps.organisations.contentRetentionMonths(partnershipId);
    if (contentRetentionProblem(retention, input.memberAccessMonths) !== null) {
      throw new Invalid('The access window must end before the content is deleted.', [
        {
          path: 'memberAccessMonths',
          message: `Fewer months than the ${String(retention)} months the content is kept`,
        },
      ]);
    }
    await this.#deps.sql.begin(async (tx) => {
      await this.#deps.organisations.setMemberAccessMonths(partnershipId, input.memberAccessMonths, tx);
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'partnership.access_window_changed',
          subjectId: partnershipId,
          detail: { memberAccessMonths: input.memberAccessMonths },
        },
        tx,
      );
    });
  }

  /**
   * How long a closed review's content is kept before the daily retention pass deletes it (docs/data-protection.md
   * "Retention"). Set by the partnership lead; never shorter than the access window.
   */
  async setContentRetention(actor: Actor, partnershipId: string, input: ContentRetention): Promise<void> {
    await this.#editable(partnershipId, actor);
    const problem = contentRetentionProblem(
      input.contentRetentionMonths,
      await this.#deps.organisations.memberAccessMonths(partnershipId),
    );
    if (problem !== null) {
      throw new Invalid(problem, [{ path: 'contentRetentionMonths', message: problem }]);
    }
    await this.#deps.sql.begin(async (tx) => {
      await this.#deps.organisations.setContentRetentionMonths(partnershipId, input.contentRetentionMonths, tx);
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'partnership.retention_changed',
          subjectId: partnershipId,
          detail: { contentRetentionMonths: input.contentRetentionMonths },
        },
        tx,
      );
    });
  }

  async settings(actor: Actor, partnershipId: string): Promise<PartnershipSettings> {
    const partnership = await this.#editable(partnershipId, actor);
    const { organisations } = this.#deps;
    const [schools, clusters, parentChoices, localAuthorities, memberAccessMonths, contentRetentionMonths] =
      await Promise.all([
        organisations.schoolsIn(partnershipId),
        organisations.clusters(partnershipId),
        organisations.topLevelPartnerships(actor.isAdmin ? null : actor.userId),
        organisations.localAuthorityChoices(),
        organisations.memberAccessMonths(partnershipId),
        organisations.contentRetentionMonths(partnershipId),
      ]);
    const parentName = partnership.parentId ? await organisations.partnershipName(partnership.parentId) : undefined;
    return {
      id: partnership.id,
      name: partnership.name,
      kind: partnership.kind,
      sppPhase: partnership.sppPhase,
      parent: partnership.parentId ? { id: partnership.parentId, name: parentName ?? '' } : null,
      clusters,
      canEdit: true,
      parentChoices: parentChoices.filter((p) => p.id !== partnershipId),
      schools,
      localAuthorities,
      memberAccessMonths,
      contentRetentionMonths,
    };
  }

  /** Adds a school Crosswalk already knows, found by its URN. */
  async linkSchool(actor: Actor, partnershipId: string, body: PartnershipSchoolLink): Promise<{ schoolId: string }> {
    await this.#editable(partnershipId, actor);
    const school = (await this.#deps.organisations.schoolsByUrn([body.urn])).get(body.urn);
    if (!school) {
      throw new Invalid(`No school with URN ${body.urn} is in Crosswalk yet.`, [
        { path: 'urn', message: `No school with URN ${body.urn} is in Crosswalk yet: add it as a new school` },
      ]);
    }
    await this.#deps.sql.begin(async (tx) => {
      if (!(await this.#deps.organisations.linkSchool(partnershipId, school.id, tx))) {
        throw new Conflict(`${school.name} is already in this partnership.`);
      }
      await recordSchoolJoined(
        this.#deps.audit,
        { actorUserId: actor.userId, partnershipId, schoolId: school.id, created: false },
        tx,
      );
    });
    return { schoolId: school.id };
  }

  async removeSchool(actor: Actor, partnershipId: string, schoolId: string): Promise<void> {
    await this.#editable(partnershipId, actor);
    await this.#deps.sql.begin(async (tx) => {
      if ((await this.#deps.organisations.liveReviewsHostedBy(partnershipId, schoolId, tx)) > 0) {
        throw new Conflict(
          'This school hosts a review of this partnership that is still going. Close or cancel the review first.',
        );
      }
      if (!(await this.#deps.organisations.unlinkSchool(partnershipId, schoolId, tx))) {
        throw new NotFound('school');
      }
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'partnership.school_removed',
          subjectId: partnershipId,
          detail: { schoolId },
        },
        tx,
      );
    });
  }

  /**
   * Imports member schools from a GIAS establishment export: all of it or nothing. Every bad line is refused with its
   * number and reason; otherwise unknown schools are created and known ones (by URN) added. Without `confirm`, says
   * what would happen and stores nothing.
   */
  async importSchools(actor: Actor, partnershipId: string, file: SchoolImport): Promise<SchoolImportResult> {
    await this.#editable(partnershipId, actor);
    const authorities = await this.#deps.organisations.localAuthoritiesByCode();
    const reading = readGiasSchools(file.content, new Set(authorities.keys()));
    if (!reading.ok) {
      const fields = reading.problems.map((p) => ({ path: p.line > 0 ? `line ${p.line}` : 'file', message: p.reason }));
      const shown = fields.slice(0, PROBLEMS_IN_MESSAGE).map((f) => `${f.path}: ${f.message}`);
      const more = fields.length > shown.length ? ` (and ${fields.length - shown.length} more)` : '';
      throw new Invalid(`Nothing was imported. ${shown.join('; ')}${more}`, fields);
    }
    const plan = async (sql: Queryable) => {
      const known = await this.#deps.organisations.schoolsByUrn(
        reading.schools.map((s) => s.urn),
        sql,
      );
      const members = new Set((await this.#deps.organisations.schoolsIn(partnershipId, sql)).map((s) => s.id));
      return { known, members };
    };
    if (!file.confirm) {
      return this.#summary(false, reading.schools, await plan(this.#deps.sql));
    }
    const result = await this.#deps.sql.begin(async (tx) => {
      const { known, members } = await plan(tx);
      for (const school of reading.schools) {
        const existing = known.get(school.urn);
        let schoolId = existing?.id;
        let created = false;
        if (!schoolId) {
          const authority = authorities.get(school.laCode);
          const stored = await this.#deps.organisations.createSchool(
            {
              name: school.name,
              phase: school.phase,
              urn: school.urn,
              localAuthorityId: authority?.id ?? '',
              county: authority?.county ?? '',
            },
            tx,
          );
          schoolId = stored.id;
          created = stored.created;
        }
        // A new school is never a member yet, so linking it always succeeds.
        if (!members.has(schoolId) && (await this.#deps.organisations.linkSchool(partnershipId, schoolId, tx))) {
          await recordSchoolJoined(
            this.#deps.audit,
            { actorUserId: actor.userId, partnershipId, schoolId, created },
            tx,
          );
        }
      }
      const summary = this.#summary(true, reading.schools, { known, members });
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'partnership.schools_imported',
          subjectId: partnershipId,
          detail: {
            created: summary.created.length,
            linked: summary.linked.length,
            alreadyMembers: summary.alreadyMembers.length,
          },
        },
        tx,
      );
      return summary;
    });
    this.#deps.logger.info(
      { partnershipId, created: result.created.length, linked: result.linked.length },
      'schools imported',
    );
    return result;
  }

  #summary(
    confirmed: boolean,
    schools: GiasSchool[],
    state: { known: Map<string, { id: string; name: string }>; members: Set<string> },
  ): SchoolImportResult {
    const result: SchoolImportResult = { confirmed, created: [], linked: [], alreadyMembers: [] };
    for (const school of schools) {
      const existing = state.known.get(school.urn);
      if (!existing) {
        result.created.push({
          line: school.line,
          urn: school.urn,
          name: school.name,
          phase: school.phase,
          localAuthority: school.laName || school.laCode,
        });
      } else if (state.members.has(existing.id)) {
        result.alreadyMembers.push({ line: school.line, urn: school.urn, name: existing.name });
      } else {
        result.linked.push({ line: school.line, urn: school.urn, name: existing.name });
      }
    }
    return result;
  }
}
