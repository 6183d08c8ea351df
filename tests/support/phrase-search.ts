import { expect } from 'vitest';
import type { Sql } from '../../server/src/db/client.ts';

/**
 * Every column of every table that can hold text or bytes (text, varchar, json, jsonb, arrays, bytea) in which
 * `phrase` appears, as `table.column`: the whole database is searched, not a list of places a test expects, so
 * that proving something was deleted or erased covers tables added later too. Bytes are searched for the phrase's
 * UTF-8 encoding, which is how Yjs updates hold text.
 */
export async function columnsHolding(sql: Sql, phrase: string): Promise<string[]> {
  const columns = await sql<{ tableName: string; columnName: string; dataType: string }[]>`
    select c.table_name, c.column_name, c.data_type from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY')
    order by c.table_name, c.column_name`;
  // A search that found no columns would pass vacuously.
  expect(columns.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const { tableName, columnName, dataType } of columns) {
    const rows =
      dataType === 'bytea'
        ? await sql`select 1 from ${sql(tableName)}
            where position(convert_to(${phrase}, 'UTF8') in ${sql(columnName)}) > 0 limit 1`
        : await sql`select 1 from ${sql(tableName)} where position(${phrase} in ${sql(columnName)}::text) > 0 limit 1`;
    if (rows.length > 0) {
      found.push(`${tableName}.${columnName}`);
    }
  }
  return found;
}
