/** The live benchmark's crowd part (bench/live.ts runs it): 20,000 SSE readers held by the app, then by Pushpin. */
import fs from 'node:fs';
import type { TestApp } from '../test/support/app.ts';
import type { Pushpin } from '../test/support/pushpin.ts';
import { openCrowd, now, type Crowd } from './sse-crowd.ts';
import { round, summary } from './comments-shared.ts';
import type { BenchBlog } from './live-pages.ts';

/** This process's open-file limit: each reader is a socket in the process holding it. */
const openFileLimit = Number(/Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
const READERS = Number(process.env.BENCH_LIVE_READERS ?? Math.min(20_000, openFileLimit - 500));
const ENTRIES = 5;

/** Resident memory of a process and all its descendants, in KiB (Pushpin runs as several). */
function treeRssKiB(root: number): number {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const family = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents)
      if (family.has(parent) && !family.has(pid)) {
        family.add(pid);
        grew = true;
      }
  }
  let total = 0;
  for (const pid of family) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function settle() {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}

/** Where the crowd connects: one port (the app, or one Pushpin) or several sharing it evenly (Pushpins behind a load balancer). */
interface CrowdTarget {
  label: string;
  ports: number[];
  /** The processes holding the readers (their descendants counted too), for memory. */
  pids: number[];
}

/** Several crowds as one: the readers split evenly over `ports`, four connecting processes in all. */
async function openCrowds(blog: BenchBlog, ports: number[]): Promise<Crowd> {
  const crowds = await Promise.all(
    ports.map((port, i) =>
      openCrowd({
        host: '127.0.0.1',
        port,
        path: `/api/articles/${blog.id}/entries/live`,
        count: Math.floor(READERS / ports.length) + (i < READERS % ports.length ? 1 : 0),
        prefix: 'crowd-bench-',
        threads: Math.max(1, Math.floor(4 / ports.length)),
      }),
    ),
  );
  const add = (records: Record<string, number>[]) =>
    records.reduce<Record<string, number>>((all, one) => {
      for (const [why, n] of Object.entries(one)) all[why] = (all[why] ?? 0) + n;
      return all;
    }, {});
  return {
    failed: crowds.reduce((sum, crowd) => sum + crowd.failed, 0),
    failures: add(crowds.map((crowd) => crowd.failures)),
    refusals: add(crowds.map((crowd) => crowd.refusals)),
    async report() {
      const all = new Map<number, number[]>();
      for (const seen of await Promise.all(crowds.map((crowd) => crowd.report()))) for (const [n, times] of seen) all.set(n, [...(all.get(n) ?? []), ...times]);
      return all;
    },
    close: async () => void (await Promise.all(crowds.map((crowd) => crowd.close()))),
  };
}

async function oneCrowd(t: TestApp, blog: BenchBlog, target: CrowdTarget, round0: number) {
  await settle();
  const memory = () => target.pids.reduce((sum, pid) => sum + treeRssKiB(pid), 0);
  const before = memory();
  const opening = performance.now();
  const crowd = await openCrowds(blog, target.ports);
  const openSeconds = round((performance.now() - opening) / 1000);
  await settle();
  const after = memory();
  const sentAt = new Map<number, number>();
  for (let k = round0; k < round0 + ENTRIES; k++) {
    sentAt.set(k, now());
    const posted = await t.admin('POST', `/api/admin/articles/${blog.id}/entries`, {
      title: `Entry crowd-bench-${k}`,
      bodyMarkdown: 'For every reader at once.',
      writers: ['ada-reporter'],
      as: 'publish',
    });
    if (posted.statusCode !== 201) throw new Error(`entry: ${posted.statusCode} ${posted.body}`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const seen = await crowd.report();
  await crowd.close();
  const delays: number[] = [];
  let missing = 0;
  for (const [k, at] of sentAt) {
    const times = seen.get(k) ?? [];
    missing += READERS - crowd.failed - times.length;
    for (const time of times) delays.push(time - at);
  }
  return {
    heldBy: target.label,
    readers: READERS,
    openFileLimit,
    failedToOpen: crowd.failed,
    failures: crowd.failures,
    refusedThenRetried: crowd.refusals,
    openSeconds,
    entries: ENTRIES,
    delivered: delays.length,
    missing,
    delayMs: { ...summary(delays), max: round(Math.max(...delays)) },
    memory: { beforeMiB: round(before / 1024), withReadersMiB: round(after / 1024), perReaderKiB: round((after - before) / (READERS - crowd.failed)) },
  };
}

/** The crowd held by the app, by one Pushpin, and by all the Pushpins given sharing it. */
export async function crowdFigures({ t, base, pushpins, blog }: { t: TestApp; base: string; pushpins: Pushpin[]; blog: BenchBlog }) {
  const appPort = Number(new URL(base).port);
  const app = await oneCrowd(t, blog, { label: 'the app (SSE, in-process)', ports: [appPort], pids: [process.pid] }, 0);
  const one = pushpins[0]!;
  const pushpin = await oneCrowd(t, blog, { label: 'Pushpin (GRIP)', ports: [one.port], pids: [one.pid] }, 100);
  if (pushpins.length < 2) return { sse: { app, pushpin } };
  const label = `${pushpins.length} Pushpins (GRIP), the readers split evenly`;
  const fleet = await oneCrowd(t, blog, { label, ports: pushpins.map((p) => p.port), pids: pushpins.map((p) => p.pid) }, 200);
  return { sse: { app, pushpin, pushpins: fleet } };
}
