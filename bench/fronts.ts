/**
 * Fronts: an uncached front of 12 containers and 80 cards (median and p95 render), the cached
 * front's requests per second beside a cached article page and nginx serving the same bytes,
 * and the time from a publish to readers getting the changed HTML. On PGlite and PostgreSQL,
 * each in its own process (the test harness picks its engine at import). Not a test.
 *
 *   npm run bench:fronts
 *
 * A publish goes through the fronts service as the tool's does (save the draft, publish that
 * version, announced after the commit), so the figure is the real path.
 */
import { freePort } from '../scripts/postgres.ts';
import { perEngine } from './lib.ts';
import { BROWSER_ENCODINGS, load, nginx, type Load } from './load.ts';

const ENGINE = process.env.BENCH_FRONTS_ENGINE;
const RENDERS = 300;
const PUBLISHES = 20;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (value: number) => Math.round(value * 100) / 100;

/** One engine, in this process: prints its figures as JSON on the last line. */
async function oneEngine() {
  const { createTestApp, validArticle } = await import('../test/support/app.ts');
  const { openFront, publishDraft, readDraft, saveDraft } = await import('../src/fronts/index.ts');
  const { seedDemo } = await import('../src/demo/seed.ts');
  const { readFrontForApi } = await import('../src/site/index.ts');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: base } });
  try {
    await seedDemo(t.db.database, t.storage);
    t.app.ctx.events.everythingChanged();
    await t.app.listen({ host: '127.0.0.1', port });
    const demo = (await t.get('/api/content/articles?limit=100')).json().items as { url: string; corrections: unknown[]; hero: { id: string } | null }[];
    const pictures = demo.flatMap((a) => (a.hero ? [a.hero.id] : []));
    // 120 more stories with the demo's pictures, oldest first: editors place the older ones, automatic containers show the newest.
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const made = await t.admin(
        'POST',
        '/api/admin/articles',
        validArticle({
          headline: `Bench story ${i}: a headline of ordinary length for a front`,
          status: 'published',
          editions: ['uk'],
          section: i % 2 ? 'world' : 'news',
          authors: [i % 2 ? 'daniel-reyes' : 'priya-raman'],
          topics: ['diplomacy'],
          hero: { imageId: pictures[i % pictures.length]! },
        }),
      );
      if (made.statusCode !== 201) throw new Error(`article: ${made.statusCode} ${made.body}`);
      ids.push(made.json().id);
    }
    let next = 0;
    const take = (n: number, boosted = false) => ids.slice(next, (next += n)).map((articleId, i) => ({ articleId, boosted: boosted && i === 0 }));
    type Layout = 'lead' | 'top' | 'row' | 'headlines' | 'opinion' | 'breaking';
    const curated = (layout: Layout, n: number, boosted = false) => ({
      id: `c${next}`,
      title: `Curated ${layout}`,
      layout,
      mode: 'curated' as const,
      size: n,
      cards: take(n, boosted),
    });
    // Container ids are unique on a front (the service refuses a layout that repeats one).
    const automatic = (layout: Layout, size: number, n: number) => ({
      id: `a${layout}${n}`,
      title: `Latest ${layout}`,
      layout,
      mode: 'automatic' as const,
      size,
      cards: [],
      source: {},
    });
    const layout = (headline: string) => {
      next = 0;
      const containers = [
        curated('breaking', 3),
        curated('lead', 5),
        curated('top', 8, true),
        curated('row', 4),
        curated('row', 4),
        curated('row', 2),
        curated('opinion', 6),
        curated('headlines', 12),
        curated('top', 8, true),
        automatic('top', 8, 1),
        automatic('top', 8, 2),
        automatic('headlines', 12, 3),
      ];
      containers[1]!.cards[0] = { ...containers[1]!.cards[0]!, overrides: { headline } } as never;
      return { containers };
    };
    const scope = { kind: 'edition', edition: 'uk' } as const;
    const who = () => ({ actor: 'account:bench', now: new Date() });
    const frontId = await openFront(t.app.ctx, scope, who());
    let version = (await readDraft(t.app.ctx.database.db, frontId))!.version;
    /** What an editor's Publish does: save the layout over the draft, then publish that version. */
    const publish = async (front: ReturnType<typeof layout>) => {
      version = (await saveDraft(t.app.ctx, frontId, front, version, who())).version;
      await publishDraft(t.app.ctx, frontId, version, who());
    };
    await publish(layout('The first published headline'));
    const shown = (await readFrontForApi(t.app.ctx, scope)).reduce((n, c) => n + c.cards.length, 0);

    // Uncached: every render reads and composes the front afresh.
    const times: number[] = [];
    for (let i = 0; i < RENDERS + 20; i++) {
      t.app.pageCache.purge(null);
      const started = process.hrtime.bigint();
      const response = await t.app.inject({ url: '/uk' });
      const took = Number(process.hrtime.bigint() - started) / 1e6;
      if (response.statusCode !== 200) throw new Error(`front: ${response.statusCode}`);
      if (i >= 20) times.push(took);
    }
    times.sort((a, b) => a - b);
    const html = Buffer.from((await t.app.inject({ url: '/uk' })).rawPayload);
    const articlePath = new URL(demo.find((a) => a.corrections.length)!.url).pathname;

    // Publish to changed HTML, as a reader polling the front would see it.
    const latencies: number[] = [];
    for (let i = 0; i < PUBLISHES; i++) {
      const marker = `Published headline number ${i}`;
      const started = process.hrtime.bigint();
      await publish(layout(marker));
      while (!(await (await fetch(`${base}/uk`)).text()).includes(marker));
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    latencies.sort((a, b) => a - b);

    // As wrk asks (no Accept-Encoding: the whole HTML) and as every browser asks (compressed),
    // each beside nginx serving the very same bytes.
    await t.app.inject({ url: articlePath }); // warms the cache (a fetch could reuse a socket the server closed during the load)
    const cached = async (acceptEncoding?: string) => {
      const front = await load(`${base}/uk`, acceptEncoding);
      const article = await load(base + articlePath, acceptEncoding);
      // The bytes the front went out as, straight from the page cache.
      const { body: bytes, encoding } = t.app.pageCache.encoded(t.app.pageCache.forRequest('/uk')!, acceptEncoding);
      const baseline = await nginx(bytes, 1, encoding);
      const nginxSameBytes = baseline ? await load(baseline.url, acceptEncoding) : 'nginx not installed';
      baseline?.stop();
      return { encoding: encoding ?? 'identity', frontBytes: bytes.length, front, article, nginxSameBytes };
    };
    const identity = await cached();
    const browser = await cached(BROWSER_ENCODINGS);
    console.log(
      JSON.stringify({
        engine: t.db.database.engine,
        front: { containers: 12, cards: shown, htmlBytes: html.length },
        uncachedRenderMs: { median: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), renders: times.length },
        publishToChangedHtmlMs: { median: ms(percentile(latencies, 50)), max: ms(latencies.at(-1)!), publishes: latencies.length },
        cached: { identity, browser },
      }),
    );
  } finally {
    await t.close();
  }
}

async function main() {
  const results = await perEngine(import.meta.filename, 'BENCH_FRONTS_ENGINE');
  for (const result of results) {
    for (const figures of Object.values(result.cached as Record<string, Record<string, Load | string>>)) {
      const rps = (key: string) => (typeof figures[key] === 'object' ? (figures[key] as Load).rps : NaN);
      figures.frontShare = `${Math.round((100 * rps('front')) / rps('article'))}% of the article, ${Math.round((100 * rps('front')) / rps('nginxSameBytes'))}% of nginx`;
    }
  }
  console.log(JSON.stringify(results, null, 2));
}

await (ENGINE ? oneEngine() : main());
