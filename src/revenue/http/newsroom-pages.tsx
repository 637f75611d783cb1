import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormKit, Form } from '../../web/forms/kit.tsx';
import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { listEditions, listSections, listTopics } from '../../content/taxonomy/repository.ts';
import type { AppContext } from '../../context.ts';
import { UUID } from '../../platform/ids.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { audit } from '../../newsroom/audit/repository.ts';
import { fillCopy, currencyFor } from '../asks/choose.ts';
import { confidence } from '../asks/confidence.ts';
import { overlapping, readTestForm, type TestForm } from '../asks/definition.ts';
import * as asks from '../asks/repository.ts';
import type { AskSource } from '../asks/source.ts';
import type { AskTest, ChosenAsk, ReaderContext } from '../asks/types.ts';
import { decimalAmount, formatAmount } from '../contributions/amounts.ts';
import { csvLine } from '../reports/csv.ts';
import * as reports from '../reports/repository.ts';
import { AskView } from '../view/ask-view.tsx';
import { EDITOR_ROLES } from '../../web/roles.ts';

const VARIANT_SLOTS = 4;
const SLOT_LABELS: Record<AskTest['slot'], string> = { epic: 'End of article', banner: 'Banner', 'thank-you': 'Thank-you' };
const DAY = 86_400_000;

/** A sample reader for previews: in the United States, twelve articles read this year. */
const sampleReader = (now: number): ReaderContext => ({ browserId: 'preview', country: 'US', edition: 'us', page: { kind: 'front' }, supporter: false, signedIn: false, device: 'desktop', reads: Array.from({ length: 12 }, (_, i) => now - i * 7 * DAY), views: {}, closed: {} });

function preview(test: AskTest, variant: AskTest['variants'][number], now: number): ChosenAsk {
  const reader = sampleReader(now);
  const currency = currencyFor(variant, 'US', 'USD');
  const amounts = variant.amounts[currency] ?? [];
  return { testId: test.id, variantId: variant.id, slot: test.slot, heading: fillCopy(variant.heading, reader, now), body: fillCopy(variant.body, reader, now), buttonText: variant.buttonText, currency, amounts, highlighted: variant.highlighted[currency] ?? amounts[0] ?? 0 };
}

const amountsText = (amounts: Record<string, number[]>) => Object.entries(amounts).map(([c, v]) => `${c}: ${v.join(', ')}`).join('; ');
const highlightedText = (h: Record<string, number>) => Object.entries(h).map(([c, v]) => `${c}: ${v}`).join('; ');
const stamp = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : '');
const sums = (list: reports.Money[]) => list.map((m) => formatAmount({ currency: m.currency, minor: m.minor })).join(' + ') || '–';

interface Lists {
  editions: { code: string; name: string }[];
  sections: { id: string; name: string }[];
  topics: { id: string; name: string }[];
}

function Checks({ name, options, chosen }: { name: string; options: { value: string; label: string }[]; chosen: string[] }) {
  return (
    <>
      {options.map((o) => (
        <label class="check">
          <input type="checkbox" name={name} value={o.value} checked={chosen.includes(o.value)} /> {o.label}
        </label>
      ))}
    </>
  );
}

function Field({ name, label, value, numeric, type = 'text' }: { name: string; label: string; value: string | undefined; numeric?: boolean; type?: 'text' | 'datetime-local' }) {
  return (
    <>
      <label for={name}>{label}</label>
      {type === 'datetime-local' ? <input id={name} name={name} type="datetime-local" value={value ?? ''} /> : <input id={name} name={name} value={value ?? ''} inputMode={numeric ? 'numeric' : 'text'} />}
    </>
  );
}

function Choice({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: [string, string][] }) {
  return (
    <>
      <label for={name}>{label}</label>
      <select id={name} name={name}>
        {options.map(([v, l]) => (
          <option value={v} selected={value === v}>
            {l}
          </option>
        ))}
      </select>
    </>
  );
}

/** The test editor: every rule of the definition, and each variant with its preview. */
/** Pure: a stored test as the form's text fields. */
export function formOfTest(t: AskTest | null): TestForm {
  if (!t) return { slot: 'epic', priority: '0', supporters: 'others', signedIn: 'any', minReads: '0', minReadsDays: '30', maxViews: '4', maxViewsDays: '7', hideAfterCloseDays: '14', variants: [] };
  const g = t.targeting;
  return {
    name: t.name,
    slot: t.slot,
    priority: String(t.priority),
    startsAt: stamp(t.startsAt),
    endsAt: stamp(t.endsAt),
    countries: g.countries.join(', '),
    editions: g.editions,
    sections: g.sections,
    topics: g.topics,
    excludedArticles: g.excludedArticles.join(', '),
    minReads: String(g.minArticlesRead.count),
    minReadsDays: String(g.minArticlesRead.days),
    supporters: g.supporters,
    signedIn: g.signedIn,
    devices: g.devices,
    maxViews: String(t.caps.maxViews.count),
    maxViewsDays: String(t.caps.maxViews.days),
    hideAfterCloseDays: String(t.caps.hideAfterCloseDays),
    variants: t.variants.map((v) => ({ id: v.id, heading: v.heading, body: v.body, buttonText: v.buttonText, amounts: amountsText(v.amounts), highlighted: highlightedText(v.highlighted) })),
  };
}

function TestEditor({ test, values, version, lists, state, now, notice }: { test: AskTest | null; values: TestForm; version: number; lists: Lists; state: FormState; now: number; notice?: string | undefined }) {
  const t = test;
  const f = values;
  const action = t ? `/newsroom/revenue/tests/${t.id}` : '/newsroom/revenue/tests';
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › <a href="/newsroom/revenue">Reader revenue</a> › {t ? t.name : 'New test'}
      </p>
      <h1>{t ? t.name : 'New test'}</h1>
      <Notices error={state.error} notice={notice} />
      {t && (
        <p>
          Status: <strong>{t.status}</strong>{' '}
          {(['live', 'stopped', 'draft'] as const)
            .filter((s) => s !== t.status)
            .map((s) => (
              <form method="post" action={`/newsroom/revenue/tests/${t.id}/status`} class="inline-form">
                <Csrf state={state} />
                <input type="hidden" name="status" value={s} />
                <button class="button" type="submit">
                  {s === 'live' ? 'Start' : s === 'stopped' ? 'Stop' : 'Back to draft'}
                </button>
              </form>
            ))}
        </p>
      )}
      <form method="post" action={action} class="account-form revenue-test">
        <Csrf state={state} />
        <input type="hidden" name="version" value={String(version)} />
        <Field name="name" label="Name" value={f.name} />
        <Choice name="slot" label="Where" value={f.slot} options={Object.entries(SLOT_LABELS)} />
        <Field name="priority" label="Priority (the higher is tried first)" value={f.priority} numeric />
        <Field name="startsAt" label="Starts (UTC, empty: when started)" value={f.startsAt} type="datetime-local" />
        <Field name="endsAt" label="Ends (UTC, empty: when stopped)" value={f.endsAt} type="datetime-local" />
        <fieldset>
          <legend>Who sees it</legend>
          <Field name="countries" label="Countries (two-letter codes, empty: any)" value={f.countries} />
          <p class="field-note">Editions (none ticked: any)</p>
          <Checks name="editions" options={lists.editions.map((e) => ({ value: e.code, label: e.name }))} chosen={f.editions ?? []} />
          <p class="field-note">Sections and topics (an article in any of those ticked; none: any page)</p>
          <Checks name="sections" options={lists.sections.map((s) => ({ value: s.id, label: s.name }))} chosen={f.sections ?? []} />
          <Checks name="topics" options={lists.topics.map((x) => ({ value: x.id, label: x.name }))} chosen={f.topics ?? []} />
          <Field name="excludedArticles" label="Never on these articles (ids, comma-separated)" value={f.excludedArticles} />
          <Field name="minReads" label="At least this many articles read…" value={f.minReads} numeric />
          <Field name="minReadsDays" label="…in this many days" value={f.minReadsDays} numeric />
          <Choice name="supporters" label="Supporters" value={f.supporters} options={[['any', 'Everyone'], ['others', 'Everyone but supporters'], ['supporters', 'Supporters only']]} />
          <Choice name="signedIn" label="Signed in" value={f.signedIn} options={[['any', 'Anyone'], ['yes', 'Signed-in readers'], ['no', 'Signed-out readers']]} />
          <p class="field-note">Devices (none ticked: any)</p>
          <Checks name="devices" options={['mobile', 'tablet', 'desktop'].map((d) => ({ value: d, label: d }))} chosen={f.devices ?? []} />
        </fieldset>
        <fieldset>
          <legend>How often</legend>
          <Field name="maxViews" label="At most this many views… (0: no limit)" value={f.maxViews} numeric />
          <Field name="maxViewsDays" label="…in this many days" value={f.maxViewsDays} numeric />
          <Field name="hideAfterCloseDays" label="Hidden for this many days after a reader closes it" value={f.hideAfterCloseDays} numeric />
        </fieldset>
        {Array.from({ length: VARIANT_SLOTS }, (_, i) => {
          const v = f.variants[i];
          return (
            <fieldset>
              <legend>Variant {i + 1}</legend>
              <p class="field-note">Copy may say %%COUNTRY_NAME%% and %%ARTICLE_COUNT%% (articles read in the last year).</p>
              <Field name={`v${i}_id`} label="Id" value={v?.id} />
              <Field name={`v${i}_heading`} label="Heading" value={v?.heading} />
              <label for={`v${i}_body`}>Text (a blank line between paragraphs)</label>
              <textarea id={`v${i}_body`} name={`v${i}_body`} rows={4} value={v?.body ?? ''} />
              <Field name={`v${i}_buttonText`} label="Button" value={v?.buttonText} />
              <Field name={`v${i}_amounts`} label={'Amounts (such as "USD: 5, 15, 50; GBP: 4, 12, 40")'} value={v?.amounts} />
              <Field name={`v${i}_highlighted`} label={'Highlighted (such as "USD: 15"; empty: the middle one)'} value={v?.highlighted} />
            </fieldset>
          );
        })}
        <button class="button button--primary" type="submit">
          Save
        </button>
      </form>
      {t && t.variants.length > 0 && (
        <section class="revenue-previews" aria-labelledby="previews">
          <h2 id="previews">Preview, for a reader in the United States who read 12 articles this year</h2>
          {t.variants.map((v) => {
            const ask = preview(t, v, now);
            return (
              <div class="revenue-preview">
                <p class="field-note">Variant {v.id}</p>
                <AskView ask={ask} slot={t.slot === 'thank-you' ? 'epic' : t.slot === 'banner' ? 'banner-preview' : 'epic'} amount={ask.highlighted} frequency="one-off" />
              </div>
            );
          })}
        </section>
      )}
    </div>
  );
}

function TestList({ tests, results }: { tests: asks.AskTestRow[]; results: reports.VariantResult[] }) {
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › Reader revenue
      </p>
      <h1>Reader revenue</h1>
      <p>
        <a class="button button--primary" href="/newsroom/revenue/tests/new">
          New test
        </a>{' '}
        <a href="/newsroom/revenue/dashboard">Contributions dashboard</a>
      </p>
      <table class="newsroom-table">
        <thead>
          <tr>
            <th>Test</th>
            <th>Where</th>
            <th>Status</th>
            <th>Priority</th>
            <th>Views (30 days)</th>
            <th>Contributions (30 days)</th>
          </tr>
        </thead>
        <tbody>
          {tests.map((t) => {
            const mine = results.filter((r) => r.testId === t.id);
            return (
              <tr>
                <td>
                  <a href={`/newsroom/revenue/tests/${t.id}`}>{t.name}</a>
                </td>
                <td>{SLOT_LABELS[t.slot]}</td>
                <td>
                  {t.status}
                  {t.startsAt || t.endsAt ? ` (${stamp(t.startsAt) || '…'} to ${stamp(t.endsAt) || '…'} UTC)` : ''}
                </td>
                <td>{t.priority}</td>
                <td>{mine.reduce((n, r) => n + r.views, 0)}</td>
                <td>{mine.reduce((n, r) => n + r.contributions, 0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Dashboard({ period, days, countries, variants }: { period: { from: string; to: string }; days: (reports.Money & { day: string })[]; countries: (reports.Money & { country: string })[]; variants: reports.VariantResult[] }) {
  const byTest = new Map<string, reports.VariantResult[]>();
  for (const v of variants) byTest.set(v.testId, [...(byTest.get(v.testId) ?? []), v]);
  const rate = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(2)}%` : '–');
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › <a href="/newsroom/revenue">Reader revenue</a> › Dashboard
      </p>
      <h1>Contributions</h1>
      <form method="get" action="/newsroom/revenue/dashboard" class="newsroom-filters">
        <label>
          From <input type="date" name="from" value={period.from} />
        </label>
        <label>
          To <input type="date" name="to" value={period.to} />
        </label>
        <button class="button" type="submit">
          Show
        </button>
        <a href={`/newsroom/revenue/export.csv?from=${period.from}&to=${period.to}`}>Export as CSV</a>
      </form>
      <p>Amounts are what readers gave and kept: a refund is taken off the day its contribution came, and one refunded in full is no longer counted.</p>
      <h2>Per test and variant</h2>
      <table class="newsroom-table">
        <thead>
          <tr>
            <th>Test</th>
            <th>Variant</th>
            <th>Views</th>
            <th>Clicks</th>
            <th>Contributions</th>
            <th>Per view</th>
            <th>Amount</th>
            <th>Confidence it differs from the first</th>
          </tr>
        </thead>
        <tbody>
          {[...byTest.values()].flatMap((list) =>
            list.map((v, i) => {
              const c = i === 0 ? null : confidence({ trials: list[0]!.views, successes: list[0]!.contributions }, { trials: v.views, successes: v.contributions });
              return (
                <tr>
                  <td>{v.testName}</td>
                  <td>{v.variantId || '–'}</td>
                  <td>{v.views}</td>
                  <td>{v.clicks}</td>
                  <td>{v.contributions}</td>
                  <td>{rate(v.contributions, v.views)}</td>
                  <td>{sums(v.amounts)}</td>
                  <td>{i === 0 ? 'first' : c === null ? 'too little data' : `${Math.round(c * 100)}%`}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
      <h2>Per day</h2>
      <MoneyTable label="Day (UTC)" rows={days.map((d) => ({ ...d, label: d.day }))} />
      <h2>Per country</h2>
      <MoneyTable label="Country" rows={countries.map((c) => ({ ...c, label: c.country || 'unknown' }))} />
    </div>
  );
}

/** Contributions kept and refunded, a row per day or country and currency. */
function MoneyTable({ label, rows }: { label: string; rows: (reports.Money & { label: string })[] }) {
  return (
    <table class="newsroom-table">
      <thead>
        <tr>
          <th>{label}</th>
          <th>Contributions</th>
          <th>Amount</th>
          <th>Refunded</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>{r.label}</td>
            <td>{r.count}</td>
            <td>{formatAmount({ currency: r.currency, minor: r.minor })}</td>
            <td>{r.refunded ? formatAmount({ currency: r.currency, minor: r.refunded }) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Pure: the form's fields as a test form (variant fields are v0_heading, v1_heading…). */
function testFormOf(body: Record<string, string | string[] | undefined>): TestForm {
  const one = (k: string) => (Array.isArray(body[k]) ? body[k][0] : body[k]) as string | undefined;
  const many = (k: string) => [body[k] ?? []].flat() as string[];
  return {
    name: one('name'),
    slot: one('slot'),
    priority: one('priority'),
    startsAt: one('startsAt'),
    endsAt: one('endsAt'),
    countries: one('countries'),
    editions: many('editions'),
    sections: many('sections'),
    topics: many('topics'),
    excludedArticles: one('excludedArticles'),
    minReads: one('minReads'),
    minReadsDays: one('minReadsDays'),
    supporters: one('supporters'),
    signedIn: one('signedIn'),
    devices: many('devices'),
    maxViews: one('maxViews'),
    maxViewsDays: one('maxViewsDays'),
    hideAfterCloseDays: one('hideAfterCloseDays'),
    variants: Array.from({ length: VARIANT_SLOTS }, (_, i) => ({ id: one(`v${i}_id`), heading: one(`v${i}_heading`), body: one(`v${i}_body`), buttonText: one(`v${i}_buttonText`), amounts: one(`v${i}_amounts`), highlighted: one(`v${i}_highlighted`) })),
  };
}

/** Pure: a reporting period from the query: `from` and `to` as days (UTC), both included; the last 30 days by default. */
export function periodOf(query: Record<string, unknown>, now: Date): { from: Date; to: Date; days: { from: string; to: string } } {
  const day = (raw: unknown, field: string) => {
    if (raw === undefined || raw === '') return null;
    if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) throw invalid(field, `${field} must be a day such as 2026-11-01.`);
    return new Date(`${raw}T00:00:00Z`);
  };
  const to = day(query.to, 'to') ?? new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const from = day(query.from, 'from') ?? new Date(to.getTime() - 29 * DAY);
  if (from > to) throw invalid('from', 'The period must start before it ends.');
  if (to.getTime() - from.getTime() > 3 * 366 * DAY) throw invalid('from', 'A period is at most three years.');
  return { from, to: new Date(to.getTime() + DAY), days: { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) } };
}

/**
 * The newsroom's reader revenue: tests of support asks (made, edited with a preview of each
 * variant, started, stopped, scheduled) and the contributions dashboard with its CSV export.
 * Editors and admins; every change is audited.
 */
export function registerRevenueNewsroom(app: FastifyInstance, ctx: AppContext, kit: FormKit, source: AskSource): void {
  const page = kit.newsroomPage;
  const { state, query } = kit;
  const db = ctx.database.db;
  const lists = ['editions', 'sections', 'topics', 'devices'];
  const editors = { config: { access: 'account', html: true, roles: EDITOR_ROLES, strong: true, formLists: lists } } as const;
  const actor = (request: FastifyRequest) => request.principal as Extract<typeof request.principal, { kind: 'account' }>;

  async function known(): Promise<Lists & { sets: { editions: Set<string>; sections: Set<string>; topics: Set<string> } }> {
    const [editions, sections, topics] = await Promise.all([listEditions(db), listSections(db), listTopics(db)]);
    return { editions, sections, topics, sets: { editions: new Set(editions.map((e) => e.code)), sections: new Set(sections.map((s) => s.id)), topics: new Set(topics.map((t) => t.id)) } };
  }

  async function testById(request: FastifyRequest) {
    const id = (request.params as { id: string }).id;
    const row = UUID.test(id) ? await asks.findTestRow(db, id.toLowerCase()) : null;
    if (!row) throw notFound('That test');
    return row;
  }

  /** The editor: the stored test, or (after a mistake) the form as it was typed, with the reason. */
  async function editor(request: FastifyRequest, reply: FastifyReply, row: asks.AskTestRow | null, error?: string, typed?: TestForm) {
    const done = query(request).done;
    const notice = done === 'saved' ? 'Saved.' : done === 'live' ? 'The test is live.' : done === 'stopped' ? 'The test is stopped.' : done === 'draft' ? 'The test is back to draft.' : undefined;
    return page(reply, row?.name ?? 'New test', <TestEditor test={row ? asks.toAskTest(row) : null} values={typed ?? formOfTest(row ? asks.toAskTest(row) : null)} version={row?.version ?? 0} lists={await known()} state={state(reply, '/newsroom/revenue', { error })} notice={notice} now={ctx.now().getTime()} />, error ? 422 : 200);
  }

  /** Refuses a live test another live one would tie with. */
  async function checkOverlap(test: Parameters<typeof overlapping>[0]) {
    const clash = overlapping(test, (await asks.allTests(db)).map(asks.toAskTest));
    if (clash) throw conflict(`This test would compete with “${clash.name}” for the same readers at the same priority (${clash.priority}); readers would get one or the other at random. Give one a different priority, or narrow who sees it.`, 'priority');
  }

  app.get('/newsroom/revenue', editors, async (_request, reply) => {
    const now = ctx.now();
    const [tests, results] = await Promise.all([asks.allTests(db), reports.perVariant(db, { from: new Date(now.getTime() - 30 * DAY), to: new Date(now.getTime() + DAY) })]);
    return page(reply, 'Reader revenue', <TestList tests={tests} results={results} />);
  });

  app.get('/newsroom/revenue/tests/new', editors, (request, reply) => editor(request, reply, null));
  app.get('/newsroom/revenue/tests/:id', editors, async (request, reply) => editor(request, reply, await testById(request)));

  /** Reads the form; a mistake shows the form again as typed, with the reason. */
  async function save(request: FastifyRequest, reply: FastifyReply, row: asks.AskTestRow | null) {
    const body = (request.body ?? {}) as Record<string, string | string[] | undefined>;
    const form = testFormOf(body);
    try {
      const definition = readTestForm(form, (await known()).sets);
      const at = ctx.now();
      if (!row) {
        const made = await asks.insertTest(db, { ...definition, status: 'draft' }, at);
        await audit(db, actor(request), { action: 'ask-test.create', targetType: 'ask-test', targetId: made.id, details: { name: made.name } }, at);
        return reply.redirect(`/newsroom/revenue/tests/${made.id}?done=saved`, 303);
      }
      if (row.status === 'live') await checkOverlap({ ...definition, id: row.id });
      if (!(await asks.updateTest(db, row.id, Number(body.version), definition, at))) throw conflict('Someone saved this test after you opened it; reload to see their changes.');
      await audit(db, actor(request), { action: 'ask-test.update', targetType: 'ask-test', targetId: row.id, details: { name: definition.name } }, at);
      source.forget();
      return reply.redirect(`/newsroom/revenue/tests/${row.id}?done=saved`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !['invalid', 'conflict'].includes(error.code)) throw error;
      return editor(request, reply, row, error.message, form);
    }
  }

  app.post('/newsroom/revenue/tests', editors, (request, reply) => save(request, reply, null));
  app.post('/newsroom/revenue/tests/:id', editors, async (request, reply) => save(request, reply, await testById(request)));

  app.post('/newsroom/revenue/tests/:id/status', editors, async (request, reply) => {
    const row = await testById(request);
    const status = (request.body as Form | undefined)?.status as AskTest['status'];
    if (!['live', 'stopped', 'draft'].includes(status)) throw new AppError('bad_request', 'Choose to start, stop, or return the test to draft.');
    try {
      if (status === 'live') await checkOverlap(asks.toAskTest(row));
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') return editor(request, reply, row, error.message);
      throw error;
    }
    const at = ctx.now();
    await asks.setTestStatus(db, row.id, status, at);
    await audit(db, actor(request), { action: `ask-test.${status}`, targetType: 'ask-test', targetId: row.id, details: { name: row.name } }, at);
    source.forget();
    return reply.redirect(`/newsroom/revenue/tests/${row.id}?done=${status}`, 303);
  });

  app.get('/newsroom/revenue/dashboard', editors, async (request, reply) => {
    const period = periodOf(query(request), ctx.now());
    const [days, countries, variants] = await Promise.all([reports.perDay(db, period), reports.perCountry(db, period), reports.perVariant(db, period)]);
    return page(reply, 'Contributions', <Dashboard period={period.days} days={days} countries={countries} variants={variants} />);
  });

  app.get('/newsroom/revenue/export.csv', editors, async (request, reply) => {
    const period = periodOf(query(request), ctx.now());
    const list = await reports.exportRows(db, period);
    const csv = [csvLine(['paid_at', 'amount', 'refunded', 'currency', 'frequency', 'country', 'provider', 'test', 'variant'])];
    for (const r of list) csv.push(csvLine([r.paidAt.toISOString(), decimalAmount({ currency: r.currency, minor: r.amountMinor }), decimalAmount({ currency: r.currency, minor: r.refundedMinor }), r.currency, r.frequency, r.country, r.provider, r.testName, r.variantId]));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="contributions-${period.days.from}-to-${period.days.to}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(csv.join(''));
  });
}
