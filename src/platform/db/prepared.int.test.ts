import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, engine, type TestDatabase } from '../../../test/support/database.ts';
import { preparedRows } from './database.ts';

describe(`prepared statements on ${engine}`, () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.dispose());

  const byValue = (value: unknown) => sql`select ${value}::text as v, length(${value}::text) as n`;

  it('returns the same rows as a plain query, call after call, with the values of each call', async () => {
    for (const value of ['first', "it's", 'naïve ☃ 🇬🇧', '']) {
      const [row] = await preparedRows<{ v: string; n: number }>(t.database.db, byValue(value));
      assert.deepEqual(row, { v: value, n: [...value].length });
    }
  });

  it('passes nulls, numbers, dates and objects as the statement expects them', async () => {
    const at = new Date('2026-11-27T10:00:00.000Z');
    const [row] = await preparedRows<{ a: string | null; b: number; c: Date; d: unknown }>(
      t.database.db,
      sql`select ${null}::text as a, ${41}::int + 1 as b, ${at}::timestamptz as c, ${JSON.stringify({ k: [1, 2] })}::jsonb as d`,
    );
    assert.equal(row!.a, null);
    assert.equal(row!.b, 42);
    assert.equal(new Date(row!.c).toISOString(), at.toISOString());
    assert.deepEqual(row!.d, { k: [1, 2] });
  });

  it('a value the database refuses fails that call only; the session and the statement stay usable', async () => {
    const byId = (id: string) => sql`select ${id}::uuid as id`;
    await assert.rejects(preparedRows(t.database.db, byId('not-a-uuid')), /uuid/);
    const [row] = await preparedRows<{ id: string }>(t.database.db, byId('6f1c2a52-7a5e-4c55-9d1e-1f2b3c4d5e6f'));
    assert.equal(row!.id, '6f1c2a52-7a5e-4c55-9d1e-1f2b3c4d5e6f');
    // Not left inside an aborted transaction either.
    const [ok] = await preparedRows<{ one: number }>(t.database.db, sql`select 1 as one`);
    assert.equal(ok!.one, 1);
  });

  it('inside a transaction it reads what the transaction wrote, and never runs inside another one', async () => {
    await t.database.db.execute(sql`create table prepared_probe (v text)`);
    const read = () => preparedRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from prepared_probe`);
    let outside: ReturnType<typeof read> | undefined;
    await t.database.transaction(async (tx) => {
      await tx.execute(sql`insert into prepared_probe values ('x')`);
      const [inside] = await preparedRows<{ n: number }>(tx, sql`select count(*)::int as n from prepared_probe`);
      assert.equal(inside!.n, 1);
      // A reader outside the transaction never sees the uncommitted row. PostgreSQL answers it
      // now from another connection; PGlite's one connection answers it once the transaction
      // has ended (waiting for it here would wait for ever).
      outside = read();
      if (engine === 'postgres') assert.equal((await outside)[0]!.n, 0);
    });
    if (engine === 'pglite') assert.equal((await outside!)[0]!.n, 1, 'it ran after the commit, not inside the transaction');
    const [committed] = await read();
    assert.equal(committed!.n, 1);
  });
});
