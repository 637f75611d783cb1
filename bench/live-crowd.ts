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

async function oneCrowd(t: TestApp, blog: BenchBlog, target: { port: number; pid: number; label: string }, round0: number) {
  await settle();
  const before = treeRssKiB(target.pid);
  const opening = performance.now();
  const crowd = await openCrowd({
    host: '127.0.0.1',
    port: target.port,
    path: `/api/articles/${blog.id}/entries/live`,
    count: READERS,
    prefix: 'crowd-bench-',
  });
  const openSeconds = round((performance.now() - opening) / 1000);
  await settle();
  const after = treeRssKiB(target.pid);
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
    openSeconds,
    entries: ENTRIES,
    delivered: delays.length,
    missing,
    delayMs: { ...summary(delays), max: round(Math.max(...delays)) },
    memory: { beforeMiB: round(before / 1024), withReadersMiB: round(after / 1024), perReaderKiB: round((after - before) / (READERS - crowd.failed)) },
  };
}

export async function crowdFigures({ t, base, pushpin, blog }: { t: TestApp; base: string; pushpin: Pushpin; blog: BenchBlog }) {
  const appPort = Number(new URL(base).port);
  const app = await oneCrowd(t, blog, { port: appPort, pid: process.pid, label: 'the app (SSE, in-process)' }, 0);
  const proxied = await oneCrowd(t, blog, { port: pushpin.port, pid: pushpin.pid, label: 'Pushpin (GRIP)' }, 100);
  return { sse: { app, pushpin: proxied } };
}
