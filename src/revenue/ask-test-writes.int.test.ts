import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';

/**
 * Each change to an ask test is one transaction: the test's row and its audit entry are
 * written together or not at all. To make the second write fail, the test database (never
 * the application) is given a rule the audit entry breaks; the change must then leave the
 * test exactly as it was, and no reader may be shown a test whose start was never recorded.
 */
describe(`an ask test's change is written whole or not at all on ${engine}`, () => {
  let t: TestApp;
  let editor: { agent: Agent; csrf: string };
  const now = new Date('2026-11-27T12:00:00Z');
  const form = (fields: Record<string, string>) => ({
    _csrf: editor.csrf,
    version: '1',
    name: 'Year-end appeal',
    slot: 'epic',
    priority: '5',
    supporters: 'others',
    signedIn: 'any',
    v0_id: 'plain',
    v0_heading: 'Keep the news open',
    v0_buttonText: 'Give',
    v0_amounts: 'USD: 5, 15, 50',
    ...fields,
  });
  const one = async <T>(query: ReturnType<typeof sql>) => ((await t.db.database.db.execute(query)) as unknown as { rows: T[] }).rows[0]!;
  const ask = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/ask',
      payload: { slot: 'epic', browserId: 'browser-atomic-1', edition: 'us', device: 'desktop', reads: [], views: {}, closed: {} },
    });
  let id: string;

  before(async () => {
    t = await createTestApp({ now: () => now });
    await seedBasics(t);
    editor = await signedInStaff(t, 'editor', 'Ada Atomic', '203.0.113.60', now);
    const made = await editor.agent.post('/newsroom/revenue/tests', form({}));
    assert.equal(made.statusCode, 303, made.body.slice(0, 400));
    id = /\/newsroom\/revenue\/tests\/([0-9a-f-]{36})/.exec(made.headers.location as string)![1]!;
    // From here on, every audit entry about an ask test breaks a rule of the database.
    await t.db.database.db.execute(sql`alter table audit_events add constraint no_ask_test_entries check (target_type <> 'ask-test') not valid`);
  });
  after(() => t.close());

  it('makes no test when its audit entry cannot be written', async () => {
    const before = await one<{ n: number }>(sql`select count(*)::int as n from ask_tests`);
    const answer = await editor.agent.post('/newsroom/revenue/tests', form({ name: 'Never stored' }));
    assert.equal(answer.statusCode, 500);
    assert.deepEqual(await one<{ n: number }>(sql`select count(*)::int as n from ask_tests`), before);
  });

  it('keeps a test as it was when the audit entry of an edit cannot be written', async () => {
    const stored = await one(sql`select name, priority, version from ask_tests where id = ${id}`);
    assert.deepEqual(stored, { name: 'Year-end appeal', priority: 5, version: 1 });
    const answer = await editor.agent.post(`/newsroom/revenue/tests/${id}`, form({ version: '1', name: 'Renamed appeal', priority: '7' }));
    assert.equal(answer.statusCode, 500);
    assert.deepEqual(await one(sql`select name, priority, version from ask_tests where id = ${id}`), stored);
  });

  it('does not start a test when the audit entry of its start cannot be written', async () => {
    const answer = await editor.agent.post(`/newsroom/revenue/tests/${id}/status`, { _csrf: editor.csrf, status: 'live' });
    assert.equal(answer.statusCode, 500);
    assert.deepEqual(await one(sql`select status, version from ask_tests where id = ${id}`), { status: 'draft', version: 1 });
    assert.equal((await ask()).statusCode, 204, 'no reader is shown it');
  });
});
