import type { CollabAuthorship } from '@crosswalk/realtime';
import type { Queryable, Sql } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';

/** `{1,2,3}`: client ids are integers, so the literal needs no quoting (see `appendUpdateRows` on arrays). */
const bigintArray = (ids: readonly number[]): string => `{${ids.map((id) => Math.trunc(id).toString()).join(',')}}`;

/**
 * Who wrote under which Yjs client ids of each live document (`collab_authors`, migration 0037), recorded from
 * the live-document server's reports (`CollabAuthorship`) and read by erasure.
 *
 * The live-document server reports a client id once per connection, the first time it writes under it, and holds
 * that writer's acknowledgements until the record is committed, so no acknowledged edit is unattributed. The
 * record is one insert of a few rows, outside the group commit: joining the group commit would put authorship into
 * the product-agnostic store (and into the log writer's thread), for a write that happens about once per editor
 * and document rather than once per keystroke.
 */
export class CollabAuthors implements CollabAuthorship {
  readonly #sql: Sql;
  readonly #logger: Logger;
  constructor(sql: Sql, logger: Logger) {
    this.#sql = sql;
    this.#logger = logger;
  }

  async load(documentName: string): Promise<[number, string][]> {
    const rows = await this.#sql<{ clientId: string; userId: string }[]>`
      select client_id::text as client_id, user_id from collab_authors where name = ${documentName}
      order by recorded_at, user_id`;
    return rows.map((row) => [Number(row.clientId), row.userId]);
  }

  /**
   * Records the client ids for the person, and answers those recorded for someone else too. That can only happen
   * when two processes accepted the same client id from two people at once (each refuses it once it knows): both
   * are kept, so erasing either takes the items of that client id, and neither can hide behind the other.
   */
  async record(write: { documentName: string; userId: string; clientIds: readonly number[] }): Promise<number[]> {
    const { documentName, userId, clientIds } = write;
    const ids = bigintArray(clientIds);
    // The select does not see this statement's own inserts, only rows other transactions committed.
    const contested = await this.#sql<{ clientId: string }[]>`
      with recorded as (
        insert into collab_authors (name, client_id, user_id)
        select ${documentName}, client_id, ${userId} from unnest(${ids}::bigint[]) as ids (client_id)
        on conflict do nothing
      )
      select distinct client_id::text as client_id from collab_authors
      where name = ${documentName} and client_id = any(${ids}::bigint[]) and user_id <> ${userId}`;
    if (contested.length > 0) {
      this.#logger.warn(
        { documentName, userId, clientIds: contested.map((row) => row.clientId) },
        'a Yjs client id was written under by two people; both are recorded',
      );
    }
    return contested.map((row) => Number(row.clientId));
  }

  /** The documents in which the person wrote, with their client ids there. */
  async documentsOf(userId: string, sql: Queryable = this.#sql): Promise<{ name: string; clientIds: number[] }[]> {
    const rows = await sql<{ name: string; clientId: string }[]>`
      select name, client_id::text as client_id from collab_authors where user_id = ${userId} order by name, client_id`;
    const byName = new Map<string, number[]>();
    for (const row of rows) {
      const ids = byName.get(row.name) ?? [];
      ids.push(Number(row.clientId));
      byName.set(row.name, ids);
    }
    return [...byName].map(([name, clientIds]) => ({ name, clientIds }));
  }

  /** Forgets the person's records (after erasure: their items are gone, or kept without their name). */
  async forget(userId: string, sql: Queryable = this.#sql): Promise<void> {
    await sql`delete from collab_authors where user_id = ${userId}`;
  }
}
