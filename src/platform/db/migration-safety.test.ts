import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { breakingStatements, isContract } from './migration-safety.ts';
import { MIGRATIONS_DIR, readMigrations } from './migrate.ts';

/** The migrations written before the rule (issue 19); none of them breaks it, but the rule binds the ones after. */
const BEFORE_THE_RULE = 22;

describe('migrations only expand, so the release before keeps working during an upgrade', () => {
  it('finds what would break the release before', () => {
    const breaking = [
      'ALTER TABLE "articles" DROP COLUMN "kicker";',
      'DROP TABLE "old_things";',
      'ALTER TABLE "articles" RENAME COLUMN "kicker" TO "label";',
      'ALTER TABLE "articles" ALTER COLUMN "views" SET DATA TYPE bigint;',
      'ALTER TABLE "articles" ALTER COLUMN "summary" SET NOT NULL;',
      'ALTER TABLE "articles" ADD COLUMN "region" text NOT NULL;',
      'ALTER TABLE "articles" DROP "kicker";',
      'ALTER TABLE "articles" ALTER COLUMN "status" DROP DEFAULT;',
      'ALTER TABLE "articles" ADD CONSTRAINT "articles_slug_key" UNIQUE("slug");',
      'ALTER TABLE "articles" ADD CONSTRAINT "articles_author_fk" FOREIGN KEY ("author_id") REFERENCES "authors"("id");',
      'CREATE UNIQUE INDEX "articles_title_idx" ON "articles" USING btree ("headline");',
    ];
    for (const statement of breaking) assert.equal(breakingStatements(statement).length, 1, statement);
  });

  it('lets through what only adds, and a migration marked as a contract', () => {
    const safe = [
      'CREATE TABLE "cdn_purges" ("key" text PRIMARY KEY NOT NULL, "queued_at" timestamp with time zone DEFAULT now() NOT NULL);',
      'ALTER TABLE "articles" ADD COLUMN "region" text;',
      'ALTER TABLE "articles" ADD COLUMN "views" integer DEFAULT 0 NOT NULL;',
      'CREATE INDEX "articles_region_idx" ON "articles" USING btree ("region");',
      'ALTER TABLE "articles" DROP CONSTRAINT "articles_kicker_check";',
      'CREATE TABLE "cdn_marks" ("id" uuid PRIMARY KEY NOT NULL, "owner" uuid NOT NULL);\n--> statement-breakpoint\nALTER TABLE "cdn_marks" ADD CONSTRAINT "cdn_marks_owner_fk" FOREIGN KEY ("owner") REFERENCES "users"("id");',
    ];
    for (const statement of safe) assert.deepEqual(breakingStatements(statement), [], statement);
    const contract = '-- contract: kicker unused since 0.4\nALTER TABLE "articles" DROP COLUMN "kicker";';
    assert.ok(isContract(contract));
    assert.deepEqual(breakingStatements(contract), []);
    assert.ok(!isContract('ALTER TABLE "articles" ADD COLUMN "contract" text; -- not a mark'));
    assert.ok(!isContract('--contract-free: nothing removed here'));
  });

  it('holds for every migration written since the rule', () => {
    const migrations = readMigrations();
    assert.ok(migrations.length >= BEFORE_THE_RULE);
    for (const migration of migrations.slice(BEFORE_THE_RULE)) {
      const text = fs.readFileSync(path.join(MIGRATIONS_DIR, `${migration.tag}.sql`), 'utf8');
      assert.deepEqual(
        breakingStatements(text),
        [],
        `${migration.tag} would break the release before it; split it, or mark it "-- contract" and ship it a release after the code stopped using what it removes`,
      );
    }
  });
});
