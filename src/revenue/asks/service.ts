import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { UUID } from '../../platform/ids.ts';
import { listEditions, listSections, listTopics } from '../../content/index.ts';
import { audit, type Actor } from '../../platform/audit/repository.ts';
import * as reports from '../reports/repository.ts';
import { overlapping, readTestForm, type TestDefinition, type TestForm } from './definition.ts';
import * as asks from './repository.ts';
import type { AskSource } from './source.ts';
import type { AskTest } from './types.ts';

/*
 * The newsroom's ask tests: making, editing, starting and stopping them. Each change writes the
 * test and its audit entry in one transaction, so a failure halfway leaves nothing behind, and
 * the live tests this process keeps are refreshed only once the change has committed.
 */

export interface AskTestDeps {
  database: Database;
  now: () => Date;
  /** The live tests readers are chosen from, told to read them again after a change. */
  source: Pick<AskSource, 'forget'>;
}

/** What a test may target: the editions, sections and topics there are. */
export interface TargetChoices {
  editions: { code: string; name: string }[];
  sections: { id: string; name: string }[];
  topics: { id: string; name: string }[];
}

/** A stored test as the editor shows it, with the version an edit must start from. */
export interface EditableTest {
  test: AskTest;
  version: number;
}

const TEST_STATUSES: readonly AskTest['status'][] = ['live', 'stopped', 'draft'];

const DAY = 86_400_000;

export async function targetChoices(executor: Executor): Promise<TargetChoices> {
  const [editions, sections, topics] = await Promise.all([listEditions(executor), listSections(executor), listTopics(executor)]);
  return { editions, sections, topics };
}

/** A definition from the form, checked against what there is to target. */
async function definitionOf(executor: Executor, form: TestForm): Promise<TestDefinition> {
  const { editions, sections, topics } = await targetChoices(executor);
  return readTestForm(form, {
    editions: new Set(editions.map((e) => e.code)),
    sections: new Set(sections.map((s) => s.id)),
    topics: new Set(topics.map((t) => t.id)),
  });
}

/** A test by the id in its address; an id that is no test's is simply not found. */
export async function editableTest(deps: AskTestDeps, id: string): Promise<EditableTest> {
  const row = UUID.test(id) ? await asks.findTestRow(deps.database.db, id.toLowerCase()) : null;
  if (!row) throw notFound('That test');
  return { test: asks.toAskTest(row), version: row.version };
}

/** Every test, live ones first, with what each variant did in the last 30 days. */
export async function testsOverview(deps: AskTestDeps): Promise<{ tests: AskTest[]; results: reports.VariantResult[] }> {
  const db = deps.database.db;
  const now = deps.now();
  const [rows, results] = await Promise.all([
    asks.allTests(db),
    reports.perVariant(db, { from: new Date(now.getTime() - 30 * DAY), to: new Date(now.getTime() + DAY) }),
  ]);
  return { tests: rows.map(asks.toAskTest), results };
}

/** Refuses a live test another live one would tie with. */
async function refuseTies(tx: Executor, test: TestDefinition & { id: string }): Promise<void> {
  const clash = overlapping(test, (await asks.allTests(tx)).map(asks.toAskTest));
  if (clash)
    throw conflict(
      `This test would compete with “${clash.name}” for the same readers at the same priority (${clash.priority}); readers would get one or the other at random. Give one a different priority, or narrow who sees it.`,
      'priority',
    );
}

/** A new test, as a draft; returns its id. */
export async function createTest(deps: AskTestDeps, actor: Actor, form: TestForm): Promise<string> {
  const definition = await definitionOf(deps.database.db, form);
  const at = deps.now();
  return deps.database.transaction(async (tx) => {
    const made = await asks.insertTest(tx, { ...definition, status: 'draft' }, at);
    await audit(tx, actor, { action: 'ask-test.create', targetType: 'ask-test', targetId: made.id, details: { name: made.name } }, at);
    return made.id;
  });
}

/** Saves an edit made from `version`; refused if someone saved in between, or if a live test would then tie. */
export async function reviseTest(deps: AskTestDeps, actor: Actor, id: string, version: number, form: TestForm): Promise<void> {
  const definition = await definitionOf(deps.database.db, form);
  const at = deps.now();
  await deps.database.transaction(async (tx) => {
    await asks.lockTests(tx);
    const row = await asks.findTestRow(tx, id);
    if (!row) throw notFound('That test');
    if (row.status === 'live') await refuseTies(tx, { ...definition, id });
    if (!(await asks.updateTest(tx, id, version, definition, at))) throw conflict('Someone saved this test after you opened it; reload to see their changes.');
    await audit(tx, actor, { action: 'ask-test.update', targetType: 'ask-test', targetId: id, details: { name: definition.name } }, at);
  });
  deps.source.forget();
}

const isStatus = (raw: string | undefined): raw is AskTest['status'] => (TEST_STATUSES as readonly (string | undefined)[]).includes(raw);

/** Starts, stops or returns a test to draft; a start is refused if the test would tie with a live one. */
export async function changeStatus(deps: AskTestDeps, actor: Actor, id: string, requested: string | undefined): Promise<AskTest['status']> {
  if (!isStatus(requested)) throw new AppError('bad_request', 'Choose to start, stop, or return the test to draft.');
  const status = requested;
  const at = deps.now();
  await deps.database.transaction(async (tx) => {
    await asks.lockTests(tx);
    const row = await asks.findTestRow(tx, id);
    if (!row) throw notFound('That test');
    if (status === 'live') await refuseTies(tx, asks.toAskTest(row));
    await asks.setTestStatus(tx, id, status, at);
    await audit(tx, actor, { action: `ask-test.${status}`, targetType: 'ask-test', targetId: id, details: { name: row.name } }, at);
  });
  deps.source.forget();
  return status;
}
