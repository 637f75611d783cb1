import crypto from 'node:crypto';
import http from 'node:http';
import { rssMiB } from './lib.ts';
import { LIVE_POSTS, POSTERS, SSE_CONNECTIONS, csrfFor, round, summary, type Seeded } from './comments-shared.ts';

/**
 * Posting as 100 readers do on a busy story: first all 100 press "Post" at the same instant
 * (a burst: its p99 is the time the last one waits), then each posts 4 more after a pause of
 * 1 to 3 s (about 50 comments a second from the 100, sustained). Baseline: /healthz, one
 * database ping, in the same two patterns.
 */
export async function posting(base: string, seeded: Seeded) {
  const crowd = seeded.posters.slice(0, POSTERS);
  const tokens = await Promise.all(crowd.map((p) => csrfFor(base, p.cookie)));
  const statuses = new Map<number, number>();
  const post = async (i: number, r: number) => {
    const response = await fetch(`${base}/api/articles/${seeded.big.id}/comments`, {
      method: 'POST',
      headers: {
        cookie: tokens[i]!.cookie,
        'x-csrf-token': tokens[i]!.csrf,
        'content-type': 'application/json',
        'x-forwarded-for': `198.18.${i >> 8}.${i & 255}`,
      },
      body: JSON.stringify({
        text: `Poster ${i} writes comment ${r}: the ferry timetable should cover Sundays too.`,
        idempotencyKey: `bench-${i}-${r}-${crypto.randomUUID().slice(0, 8)}`,
      }),
    });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  };
  const healthz = async () => void (await (await fetch(`${base}/healthz`)).arrayBuffer());
  const timed = async (work: () => Promise<void>, into: number[]) => {
    const started = performance.now();
    await work();
    into.push(performance.now() - started);
  };
  const pause = () => new Promise((r) => setTimeout(r, 1_000 + Math.random() * 2_000));
  const burst = async (work: (i: number) => Promise<void>) => {
    const times: number[] = [];
    await Promise.all(crowd.map((_, i) => timed(() => work(i), times)));
    return times;
  };
  const sustained = async (work: (i: number, r: number) => Promise<void>) => {
    const times: number[] = [];
    const started = performance.now();
    await Promise.all(
      crowd.map(async (_, i) => {
        for (let r = 1; r <= 4; r++) {
          await pause();
          await timed(() => work(i, r), times);
        }
      }),
    );
    return { ...summary(times), perSecond: round(times.length / ((performance.now() - started) / 1000)) };
  };
  const baselineBurst = summary(await burst(() => healthz()));
  const baselineSustained = await sustained(() => healthz());
  const postBurst = summary(await burst((i) => post(i, 0)));
  const postSustained = await sustained(post);
  return {
    burstOf100: { posting: postBurst, baselineHealthz: baselineBurst },
    sustained100Posters: { posting: postSustained, baselineHealthz: baselineSustained },
    statuses: Object.fromEntries(statuses),
  };
}

/** 5,000 SSE readers; each live comment's delay to every one of them. */
export async function live(base: string, seeded: Seeded, serverPid: number) {
  const { port } = new URL(base);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const received: Map<string, number>[] = [];
  const requests: http.ClientRequest[] = [];
  const open = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const seen = new Map<string, number>();
      received[i] = seen;
      const request = http.get({ host: '127.0.0.1', port, path: `/api/articles/${seeded.big.id}/comments/live`, agent }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream ${i}: ${response.statusCode}`));
        response.setEncoding('utf8');
        response.once('data', () => resolve());
        response.on('data', (chunk: string) => {
          const at = performance.now();
          for (const match of chunk.matchAll(/live-bench-(\d+)/g)) if (!seen.has(match[1]!)) seen.set(match[1]!, at);
        });
      });
      request.on('error', reject);
      requests.push(request);
    });
  const started = performance.now();
  for (let i = 0; i < SSE_CONNECTIONS; i += 250) await Promise.all(Array.from({ length: Math.min(250, SSE_CONNECTIONS - i) }, (_, j) => open(i + j)));
  const openSeconds = round((performance.now() - started) / 1000);
  const rss = rssMiB(serverPid);

  const delays: number[] = [];
  const sentAt: number[] = [];
  for (let k = 0; k < LIVE_POSTS; k++) {
    const poster = seeded.posters[POSTERS + k]!;
    const { csrf, cookie } = await csrfFor(base, poster.cookie);
    sentAt[k] = performance.now();
    const response = await fetch(`${base}/api/articles/${seeded.big.id}/comments`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'x-forwarded-for': `198.19.0.${k}` },
      body: JSON.stringify({ text: `A live comment, live-bench-${k}, for everyone on the page.` }),
    });
    if (response.status !== 201) throw new Error(`live post ${k}: ${response.status} ${await response.text()}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await new Promise((r) => setTimeout(r, 2_000));
  let missing = 0;
  for (const seen of received) {
    for (let k = 0; k < LIVE_POSTS; k++) {
      const at = seen.get(String(k));
      if (at === undefined) missing++;
      else delays.push(at - sentAt[k]!);
    }
  }
  for (const request of requests) request.destroy();
  agent.destroy();
  return {
    connections: SSE_CONNECTIONS,
    openSeconds,
    serverRssMiB: rss,
    delivered: delays.length,
    missing,
    delayMs: { ...summary(delays), max: round(Math.max(...delays)) },
  };
}
