import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { readSchemaColumns } from '../../platform/db/columns.ts';
import { coverageProblems, isPersonal } from './coverage.ts';
import { EXEMPTIONS } from './exemptions.ts';

/**
 * The promise "download my data holds everything, delete my account erases everything" held
 * against the database as migrated: every column that refers to a reader is covered by some
 * domain's export and erasure, or exempt with a reason. A new table cannot be forgotten.
 */
describe(`personal data coverage on ${engine}: the schema against the registered parts`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  const problems = async () => coverageProblems(await readSchemaColumns(t.db.database.db), t.app.personalData.parts(), EXEMPTIONS);

  it('reads the schema from the system catalogues, foreign keys included', async () => {
    const schema = await readSchemaColumns(t.db.database.db);
    assert.deepEqual(
      schema.find((c) => c.table === 'comments' && c.column === 'author_id'),
      { table: 'comments', column: 'author_id', references: 'users.id' },
    );
    assert.ok(schema.filter(isPersonal).length >= 40, `found ${schema.filter(isPersonal).length} personal columns`);
  });

  it('finds every personal column exported and erased, or exempt with a reason, and no declaration naming a column that is not there', async () => {
    assert.deepEqual(await problems(), { gaps: [], unknown: [] });
    for (const exemption of EXEMPTIONS) assert.ok(exemption.reason.length > 20, `${exemption.column} needs its reason written out`);
  });

  it('fails as soon as a table that stores a reader is added without anyone deciding what happens to it', async () => {
    await t.db.database.db.execute(sql`create table reader_wishlists (id uuid primary key, owner uuid references users(id), contact_email text, wish text)`);
    try {
      assert.deepEqual((await problems()).gaps, [
        { column: 'reader_wishlists.owner', side: 'export' },
        { column: 'reader_wishlists.owner', side: 'erase' },
        { column: 'reader_wishlists.contact_email', side: 'export' },
        { column: 'reader_wishlists.contact_email', side: 'erase' },
      ]);
    } finally {
      await t.db.database.db.execute(sql`drop table reader_wishlists`);
    }
  });
});
