import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { trackActivity } from './activity.ts';

/** A statement as `postgres` makes one: a promise that is sent (here: settled by hand) once awaited. */
class FakeQuery extends Promise<unknown> {
  static override get [Symbol.species]() {
    return Promise;
  }
  settle: (value: unknown) => void = () => undefined;
  fail: (reason: unknown) => void = () => undefined;
  constructor() {
    let resolve: (value: unknown) => void = () => undefined;
    let reject: (reason: unknown) => void = () => undefined;
    super((a, b) => {
      resolve = a;
      reject = b;
    });
    this.settle = resolve;
    this.fail = reject;
  }
}

function fakeSql() {
  const made: FakeQuery[] = [];
  const transactions: { end: () => void }[] = [];
  const sql = Object.assign(
    (..._args: unknown[]) => {
      const query = new FakeQuery();
      made.push(query);
      return query;
    },
    {
      unsafe: () => {
        const query = new FakeQuery();
        made.push(query);
        return query;
      },
      begin: (callback: (tx: unknown) => Promise<unknown>) =>
        new Promise((resolve) => {
          transactions.push({
            end: () => {
              resolve(callback({}));
            },
          });
        }),
    },
  );
  return { sql: sql as unknown as postgres.Sql, made, transactions };
}

const template = (strings: TemplateStringsArray) => strings;

describe('trackActivity', () => {
  it('counts a statement from when it is awaited until it settles, answered or failed', async () => {
    const fake = fakeSql();
    const { sql, activity } = trackActivity(fake.sql);
    const first = sql(template`select 1`);
    expect(activity().queriesInFlight).toBe(0);
    const answered = first.then((rows) => rows);
    const second = sql.unsafe('select 2').catch(() => 'failed');
    expect(activity().queriesInFlight).toBe(2);
    fake.made[0]?.settle([]);
    await answered;
    expect(activity().queriesInFlight).toBe(1);
    fake.made[1]?.fail(new Error('no'));
    await expect(second).resolves.toBe('failed');
    expect(activity().queriesInFlight).toBe(0);
  });

  it('counts a statement awaited twice once, and a fragment never awaited not at all', async () => {
    const fake = fakeSql();
    const { sql, activity } = trackActivity(fake.sql);
    const query = sql(template`select 1`);
    // Made, as a fragment for another statement would be, and never awaited.
    void sql(template`and x = 1`);
    const both = Promise.all([query.then(), query.then()]);
    expect(activity().queriesInFlight).toBe(1);
    fake.made[0]?.settle([]);
    await both;
    expect(activity().queriesInFlight).toBe(0);
  });

  it('counts transactions open until they end', async () => {
    const fake = fakeSql();
    const { sql, activity } = trackActivity(fake.sql);
    const transaction = sql.begin(() => Promise.resolve('done'));
    expect(activity().transactionsOpen).toBe(1);
    fake.transactions[0]?.end();
    await expect(transaction).resolves.toBe('done');
    expect(activity().transactionsOpen).toBe(0);
  });
});
