import { demoPartnership, demoSchools } from '../../server/src/demo/demo-data.ts';
import type { TestServer } from './test-server.ts';

/**
 * Trains two more people at every school of the demo cluster, a lead reviewer and an improvement champion, so a
 * whole year's rota can be staffed by the rules.
 */
export async function trainMorePeople(server: TestServer): Promise<void> {
  const { sql } = server.crosswalk.db;
  for (const school of demoSchools) {
    for (const [kind, roles] of [
      ['lead', ['lead_reviewer', 'peer_reviewer']],
      ['champion', ['improvement_champion']],
    ] as const) {
      const [user] = await sql<{ id: string }[]>`
        insert into users (email, display_name)
        values (${`${kind}@${school.id.slice(-3)}.rota.test`}, ${`${kind} at ${school.name}`}) returning id`;
      await sql`insert into school_members (school_id, user_id, role) values (${school.id}, ${user?.id ?? ''}, 'senior_leader')`;
      for (const role of roles) {
        await sql`insert into partnership_members (partnership_id, user_id, role)
          values (${demoPartnership.id}, ${user?.id ?? ''}, ${role})`;
      }
    }
  }
}
