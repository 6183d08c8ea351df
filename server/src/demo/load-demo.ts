import type { Sql } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { hashPassword, verifyPassword } from '../modules/auth/passwords.ts';
import {
  allDemoPeople,
  DEMO_PASSWORD,
  demoLocalAuthorities,
  demoPartnership,
  demoSafeguardingContacts,
  demoSchools,
} from './demo-data.ts';
import { loadDemoReview } from './demo-review.ts';

/**
 * Loads the demo data set. Idempotent: rows are keyed by fixed ids and email addresses, existing rows are left
 * as they are, and an existing password is only replaced if it is no longer the demo password. `today` is the
 * day the review's sessions are placed around (tests pass one; the default is the real day).
 */
export async function loadDemo(sql: Sql, logger: Logger, options: { today?: Date } = {}): Promise<{ created: number }> {
  const demoHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  await sql.begin(async (tx) => {
    await tx`
      insert into partnerships (id, name, kind) values (${demoPartnership.id}, ${demoPartnership.name}, ${demoPartnership.kind})
      on conflict (id) do nothing`;
    const schoolIds = new Map<string, string>();
    for (const school of demoSchools) {
      const [authority] = await tx<{ id: string }[]>`
        insert into local_authorities (name, county) values (${school.localAuthority}, ${school.county})
        on conflict (name) do update set county = local_authorities.county
        returning id`;
      // The authority's GIAS code and LADO, where nobody has recorded them (an administrator's own stay).
      const details = demoLocalAuthorities[school.localAuthority];
      if (details && authority) {
        await tx`
          update local_authorities set code = ${details.code}
          where id = ${authority.id} and code is null
            and not exists (select 1 from local_authorities other where other.code = ${details.code})`;
        await tx`
          update local_authorities set lado_name = ${details.ladoName}, lado_email = ${details.ladoEmail},
            lado_phone = ${details.ladoPhone}
          where id = ${authority.id} and lado_name is null and lado_email is null and lado_phone is null`;
      }
      await tx`
        insert into schools (id, name, phase, county, local_authority_id)
        values (${school.id}, ${school.name}, ${school.phase}, ${school.county}, ${authority?.id ?? null})
        on conflict (id) do nothing`;
      await tx`
        insert into partnership_schools (partnership_id, school_id) values (${demoPartnership.id}, ${school.id})
        on conflict do nothing`;
      schoolIds.set(school.name, school.id);
    }
    for (const person of allDemoPeople) {
      const [existing] = await tx<{ id: string; passwordHash: string | null }[]>`
        select id, password_hash from users where email = ${person.email}`;
      let userId = existing?.id;
      if (!existing) {
        const [row] = await tx<{ id: string }[]>`
          insert into users (email, display_name, is_admin, password_hash)
          values (${person.email}, ${person.displayName}, ${person.isAdmin ?? false}, ${demoHash})
          returning id`;
        userId = row?.id;
        created += 1;
      } else if (!existing.passwordHash || !(await verifyPassword(existing.passwordHash, DEMO_PASSWORD))) {
        await tx`update users set password_hash = ${demoHash} where id = ${existing.id}`;
      }
      if (!userId) {
        throw new Error(`could not create demo account ${person.email}`);
      }
      if (person.school) {
        await tx`
          insert into school_members (school_id, user_id, role)
          values (${schoolIds.get(person.school.name) ?? null}, ${userId}, ${person.school.role})
          on conflict do nothing`;
      }
      for (const role of person.partnershipRoles) {
        await tx`
          insert into partnership_members (partnership_id, user_id, role) values (${demoPartnership.id}, ${userId}, ${role})
          on conflict do nothing`;
      }
      if (person.isDsl) {
        await tx`update school_members set is_dsl = true where user_id = ${userId}`;
      }
    }
    for (const contact of demoSafeguardingContacts) {
      const person = allDemoPeople.find((p) => p.email === contact.email);
      await tx`
        insert into school_safeguarding_contacts (school_id, role, name, email, phone)
        values (${schoolIds.get(contact.school) ?? null}, ${contact.role}, ${person?.displayName ?? contact.email},
          ${contact.email}, ${contact.phone})
        on conflict (school_id, role) do nothing`;
    }
    await tx`update partnerships set spp_phase = 'embed' where id = ${demoPartnership.id} and spp_phase is null`;
    await loadDemoReview(tx, options.today ?? new Date());
  });
  logger.info({ accounts: allDemoPeople.length, created }, 'demo data loaded');
  return { created };
}
