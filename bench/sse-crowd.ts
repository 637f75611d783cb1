/**
 * A crowd of Server-Sent Events readers for the live benchmarks: `count` raw TCP connections
 * spread over child processes (one process alone would spend the measured second parsing),
 * each noting when a marker first reaches it. Times are wall-clock milliseconds
 * (`performance.timeOrigin + now()`), comparable across processes on one machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { retryDelayMs } from '../src/web/islands/live-stream.ts';

interface CrowdOptions {
  host: string;
  port: number;
  path: string;
  count: number;
  /** Markers look like `<prefix><n>`; the crowd reports when each connection first saw each n. */
  prefix: string;
  threads?: number;
}

type FromWorker =
  { kind: 'open'; refused: Record<string, number>; failed: Record<string, number> } | { kind: 'seen'; seen: [number, number][]; dropped: number };
/** How many times a reader tries to open its stream (the delays between add up to at most 105 s). */
const TRIES = 4;
/** Readers each crowd process opens at once. */
const OPENING_AT_ONCE = 100;
type ToWorker = { kind: 'report' } | { kind: 'close' };

const wallClock = () => performance.timeOrigin + performance.now();

function runWorker(options: CrowdOptions & { share: number }) {
  const sockets: net.Socket[] = [];
  /** For each marker n, the times connections first saw it. */
  const seen = new Map<number, number[]>();
  const marker = Buffer.from(options.prefix, 'latin1');
  /** Refusals (each try that did not open), and connections that never opened, by why: the status line they got, or the socket error. */
  const refused: Record<string, number> = {};
  const failed: Record<string, number> = {};
  let dropped = 0;
  const count = (tally: Record<string, number>, why: string) => (tally[why] = (tally[why] ?? 0) + 1);
  const request = `GET ${options.path} HTTP/1.1\r\nHost: ${options.host}:${options.port}\r\nAccept: text/event-stream\r\nConnection: keep-alive\r\n\r\n`;
  /** One try: null once the stream opened (it then stays open, noting markers), or why it did not. */
  const tryOne = () =>
    new Promise<string | null>((resolve) => {
      const socket = net.connect({ host: options.host, port: options.port });
      const mine = new Set<number>();
      let carry: Buffer = Buffer.alloc(0);
      let first = true;
      socket.on('connect', () => socket.write(request));
      // Bytes, not strings, and no regular expression: with every reader on the same two cores as
      // the server, the crowd's own parsing would otherwise be a good part of what is measured.
      socket.on('data', (chunk: Buffer) => {
        if (first) {
          first = false;
          const head = chunk.toString('latin1', 0, Math.min(chunk.length, 200));
          if (!head.startsWith('HTTP/1.1 200')) {
            socket.destroy();
            return resolve(head.slice(0, head.indexOf('\r\n')));
          }
          sockets.push(socket);
          // A held stream the server (or proxy) ends before the crowd closes: a browser would come back, this reader does not.
          socket.once('close', () => dropped++);
          resolve(null);
        }
        const at = wallClock();
        // A marker split between two reads is read whole with the next: the bytes from where it may begin are carried over.
        const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        let keepFrom = Math.max(0, data.length - marker.length + 1);
        for (let from = data.indexOf(marker); from !== -1; from = data.indexOf(marker, from)) {
          const start = from;
          let n = 0;
          for (from += marker.length; from < data.length && data[from]! >= 0x30 && data[from]! <= 0x39; from++) n = n * 10 + data[from]! - 0x30;
          if (from === data.length) {
            keepFrom = Math.min(keepFrom, start);
            break;
          }
          if (mine.has(n)) continue;
          mine.add(n);
          let times = seen.get(n);
          if (!times) seen.set(n, (times = []));
          times.push(at);
        }
        carry = data.subarray(keepFrom);
      });
      socket.on('close', () => {
        if (first) {
          first = false;
          resolve('closed before answering');
        }
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (first) {
          first = false;
          resolve(error.code ?? error.message);
        }
      });
    });
  /** As the site's islands do (web/islands/live-stream.ts): a refused reader tries again after a growing, jittered pause. */
  const openOne = async () => {
    let why: string | null = null;
    for (let attempt = 0; attempt < TRIES; attempt++) {
      why = await tryOne();
      if (!why) return;
      count(refused, why);
      if (attempt < TRIES - 1) await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
    }
    count(failed, why!);
  };
  // A hundred opening at once per process, each slot taking the next reader as soon as its own is
  // in (or given up): a reader waiting to retry holds up only its own slot.
  let started = 0;
  const slot = async () => {
    while (started < options.share) {
      started++;
      await openOne();
    }
  };
  void Promise.all(Array.from({ length: OPENING_AT_ONCE }, slot)).then(() => process.send!({ kind: 'open', refused, failed } satisfies FromWorker));
  process.on('message', (message: ToWorker) => {
    if (message.kind === 'report') {
      const flat: [number, number][] = [];
      for (const [n, times] of seen) for (const at of times) flat.push([n, at]);
      process.send!({ kind: 'seen', seen: flat, dropped } satisfies FromWorker);
    } else {
      for (const socket of sockets) socket.removeAllListeners('close').destroy();
      process.exit(0);
    }
  });
}

const ROLE = 'MASTHEAD_SSE_CROWD';
if (process.env[ROLE]) runWorker(JSON.parse(process.env[ROLE]) as CrowdOptions & { share: number });

export interface Crowd {
  /** The crowd's own processes (for their CPU). */
  pids: number[];
  /** Connections that did not open with 200. */
  failed: number;
  /** Those, by why: the status line they last got, or the socket error. */
  failures: Record<string, number>;
  /** Every try that was turned away (retried until it opened, or TRIES times), by why. */
  refusals: Record<string, number>;
  /** For marker n: when each connection first saw it (wall-clock ms); and how many held streams the far end closed. */
  report(): Promise<{ seen: Map<number, number[]>; dropped: number }>;
  close(): Promise<void>;
}

/** Opens the crowd; resolves once every connection has its first bytes (or failed). */
export async function openCrowd(options: CrowdOptions): Promise<Crowd> {
  const threads = options.threads ?? 4;
  const workers = Array.from({ length: threads }, (_, i) => {
    const share = Math.floor(options.count / threads) + (i < options.count % threads ? 1 : 0);
    return fork(fileURLToPath(import.meta.url), { env: { ...process.env, [ROLE]: JSON.stringify({ ...options, share }) }, execArgv: ['--import', 'tsx'] });
  });
  const next = (worker: ChildProcess) => new Promise<FromWorker>((resolve) => worker.once('message', (m) => resolve(m as FromWorker)));
  const opened = await Promise.all(workers.map(next));
  const failures: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  for (const m of opened)
    if (m.kind === 'open') {
      for (const [why, n] of Object.entries(m.failed)) failures[why] = (failures[why] ?? 0) + n;
      for (const [why, n] of Object.entries(m.refused)) refusals[why] = (refusals[why] ?? 0) + n;
    }
  return {
    pids: workers.map((worker) => worker.pid!),
    failed: Object.values(failures).reduce((sum, n) => sum + n, 0),
    failures,
    refusals,
    async report() {
      const replies = await Promise.all(
        workers.map((worker) => {
          const reply = next(worker);
          worker.send({ kind: 'report' } satisfies ToWorker);
          return reply;
        }),
      );
      const merged = new Map<number, number[]>();
      let dropped = 0;
      for (const reply of replies)
        if (reply.kind === 'seen') {
          dropped += reply.dropped;
          for (const [n, at] of reply.seen) {
            let times = merged.get(n);
            if (!times) merged.set(n, (times = []));
            times.push(at);
          }
        }
      return { seen: merged, dropped };
    },
    async close() {
      await Promise.all(
        workers.map((worker) => {
          const exited = new Promise((r) => worker.once('exit', r));
          worker.send({ kind: 'close' } satisfies ToWorker);
          return exited;
        }),
      );
    },
  };
}

export const now = wallClock;
