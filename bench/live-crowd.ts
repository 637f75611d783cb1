/** The live benchmark's crowd part (bench/live.ts runs it): 20,000 SSE readers held by the app, then by Pushpin. */
import fs from 'node:fs';
import type { TestApp } from '../test/support/app.ts';
import type { Pushpin } from '../test/support/pushpin.ts';
import { openCrowd, now } from './sse-crowd.ts';
import { round, summary } from './comments-shared.ts';
import type { BenchBlog } from './live-pages.ts';

/** This process's open-file limit: each reader is a socket in the process holding it. */
const openFileLimit = Number(/Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
const READERS = Number(process.env.BENCH_LIVE_READERS ?? Math.min(20_000, openFileLimit - 500));
const ENTRIES = 5;
/**
 * A smaller crowd for Pushpin: on our 2-core machine, where Pushpin shares the cores with its
 * readers' clients, about the most it delivered to within a second (our runs; the figures say).
 */
const PUSHPIN_SMALLER_CROWD = Number(process.env.BENCH_LIVE_PUSHPIN_SMALLER ?? 15_000);

/** /proc/PID/stat's fields after the process name (which may hold spaces and parentheses): state, parent, … */
const statFields = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};

/** The process `root` and, with `descendants`, every process under it (Pushpin runs as several). */
function processesOf(root: number, descendants: boolean): number[] {
  if (!descendants) return [root];
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      parents.set(Number(name), Number(statFields(Number(name))[1]));
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
  return [...family];
}

/** Sums `read(pid)` over processes, skipping any gone meanwhile. */
function sumOver(pids: number[], read: (pid: number) => number): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += read(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
/** User and system CPU time in clock ticks (1/100 s): the kernel's loopback work for a socket write counts to the writer. */
const cpuTicks = (pid: number) => {
  const fields = statFields(pid);
  return Number(fields[11]) + Number(fields[12]);
};

const largest = (values: number[]) => values.reduce((most, value) => Math.max(most, value), -Infinity);

async function settle() {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}

/** Where the crowd connects (the app, or one Pushpin), and how many readers. */
interface CrowdTarget {
  label: string;
  port: number;
  readers: number;
  /** The process holding the readers, for its memory and CPU: the app's own (the crowd's processes are its children too), or Pushpin's runner and its services. */
  holder: { pid: number; descendants: boolean };
}

async function oneCrowd(t: TestApp, blog: BenchBlog, target: CrowdTarget, round0: number) {
  await settle();
  const holders = () => processesOf(target.holder.pid, target.holder.descendants);
  const before = sumOver(holders(), rssKiB);
  const opening = performance.now();
  const crowd = await openCrowd({
    host: '127.0.0.1',
    port: target.port,
    path: `/api/articles/${blog.id}/entries/live`,
    count: target.readers,
    prefix: 'crowd-bench-',
  });
  const openSeconds = round((performance.now() - opening) / 1000);
  await settle();
  const after = sumOver(holders(), rssKiB);
  const crowdPids = crowd.pids;
  const sentAt = new Map<number, number>();
  const post = async (k: number) => {
    sentAt.set(k, now());
    const posted = await t.admin('POST', `/api/admin/articles/${blog.id}/entries`, {
      title: `Entry crowd-bench-${k}`,
      bodyMarkdown: 'For every reader at once.',
      writers: ['ada-reporter'],
      as: 'publish',
    });
    if (posted.statusCode !== 201) throw new Error(`entry: ${posted.statusCode} ${posted.body}`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  };
  // The first entry to a fresh crowd is reported on its own, not in the figures: it is the first
  // through this path since the process started (code not yet optimised, buffers not yet grown),
  // which a site that has been up all evening is not.
  await post(round0);
  const cpuBefore = { holder: sumOver(holders(), cpuTicks), crowd: sumOver(crowdPids, cpuTicks) };
  for (let k = round0 + 1; k <= round0 + ENTRIES; k++) await post(k);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const cpuMs = { holder: (sumOver(holders(), cpuTicks) - cpuBefore.holder) * 10, crowd: (sumOver(crowdPids, cpuTicks) - cpuBefore.crowd) * 10 };
  const { seen, dropped } = await crowd.report();
  await crowd.close();
  const delaysOf = (k: number) => (seen.get(k) ?? []).map((time) => time - sentAt.get(k)!);
  const missingOf = (k: number) => target.readers - crowd.failed - (seen.get(k) ?? []).length;
  const delays: number[] = [];
  let missing = 0;
  for (let k = round0 + 1; k <= round0 + ENTRIES; k++) {
    missing += missingOf(k);
    delays.push(...delaysOf(k));
  }
  const firstDelays = delaysOf(round0);
  return {
    heldBy: target.label,
    readers: target.readers,
    openFileLimit,
    failedToOpen: crowd.failed,
    failures: crowd.failures,
    refusedThenRetried: crowd.refusals,
    openSeconds,
    entries: ENTRIES,
    delivered: delays.length,
    missing,
    droppedByServer: dropped,
    delayMs: { ...summary(delays), max: round(largest(delays)) },
    firstEntry: { delayMs: { ...summary(firstDelays), max: round(largest(firstDelays)) }, missing: missingOf(round0) },
    memory: { beforeMiB: round(before / 1024), withReadersMiB: round(after / 1024), perReaderKiB: round((after - before) / (target.readers - crowd.failed)) },
    // CPU over the entries' publishing and delivery, per delivery: what sizes a machine. The app's
    // figure is its whole process (taking the Admin API's posts, rendering, on PGlite the database),
    // and may take in one of its 25-second heartbeats to every reader; Pushpin's is Pushpin's.
    cpuMicrosecondsPerDelivery: {
      holder: round((cpuMs.holder * 1000) / Math.max(1, delays.length)),
      crowd: round((cpuMs.crowd * 1000) / Math.max(1, delays.length)),
    },
  };
}

/**
 * The crowd held by the app, then by one Pushpin: at the full crowd, and at the size one Pushpin
 * sharing this machine with its readers' clients still serves within a second. The app publishes
 * to both Pushpins (GRIP_URL names both, as for a fleet); each holds one crowd.
 */
export async function crowdFigures({ t, base, pushpins, blog }: { t: TestApp; base: string; pushpins: [Pushpin, Pushpin]; blog: BenchBlog }) {
  const appPort = Number(new URL(base).port);
  const app = await oneCrowd(
    t,
    blog,
    { label: 'the app (SSE, in-process)', port: appPort, readers: READERS, holder: { pid: process.pid, descendants: false } },
    0,
  );
  // Each crowd on a Pushpin of its own, as fresh as the app was: not one still letting go of the last crowd.
  const held = (pushpin: Pushpin, readers: number) => ({
    label: 'Pushpin (GRIP)',
    port: pushpin.port,
    readers,
    holder: { pid: pushpin.pid, descendants: true },
  });
  const full = await oneCrowd(t, blog, held(pushpins[0], READERS), 100);
  if (PUSHPIN_SMALLER_CROWD >= READERS) return { sse: { app, pushpin: full } };
  const smaller = await oneCrowd(t, blog, held(pushpins[1], PUSHPIN_SMALLER_CROWD), 200);
  return { sse: { app, pushpin: full, pushpinSmallerCrowd: smaller } };
}
