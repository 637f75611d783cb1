import os from 'node:os';
import { Worker } from 'node:worker_threads';
import webpush from 'web-push';

/** Messages encrypted per round trip to a thread: enough to make the hand-over cheap, few enough to keep sending steady. */
const CHUNK = 64;

/** One thread fewer than the cores (the main thread sends), at least one, at most four. */
export const defaultThreads = () => Math.max(1, Math.min(4, os.availableParallelism() - 1));

interface Waiting {
  p256dh: string;
  auth: string;
  resolve: (body: Buffer) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Chunks sent and not yet answered, by id. */
  outstanding: Map<number, Waiting[]>;
}

/**
 * Encrypts push messages (RFC 8291 through `web-push`) on worker threads. Each message costs a
 * P-256 key generation and agreement, the dearest part of sending; done here, the main thread
 * only speaks HTTP while the threads use the other cores. Calls made in the same turn of the
 * event loop travel together, so a fan-out's hundreds of concurrent sends cost a few messages
 * between threads, not one each. With no threads it encrypts on the calling thread.
 */
export class Encryptor {
  private readonly threads: (Thread | undefined)[];
  private queue = new Map<Buffer, Waiting[]>();
  private scheduled = false;
  private nextId = 0;
  private closed = false;

  /** `workerScript` is for tests, which need a thread that behaves in a way they choose. */
  constructor(
    threadCount: number,
    private readonly workerScript = new URL('./encrypt-worker.mjs', import.meta.url),
  ) {
    this.threads = Array.from({ length: threadCount });
  }

  encrypt(p256dh: string, auth: string, payload: Buffer): Promise<Buffer> {
    if (!this.threads.length) return Promise.resolve(webpush.encrypt(p256dh, auth, payload, 'aes128gcm').cipherText);
    if (this.closed) return Promise.reject(new Error('the encryptor is closed'));
    return new Promise((resolve, reject) => {
      const waiting = this.queue.get(payload) ?? [];
      if (!waiting.length) this.queue.set(payload, waiting);
      waiting.push({ p256dh, auth, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = new Map();
    for (const [payload, waiting] of queue) {
      for (let i = 0; i < waiting.length; i += CHUNK) this.dispatch(payload, waiting.slice(i, i + CHUNK));
    }
  }

  /** Gives a chunk to the thread with the least in hand. */
  private dispatch(payload: Buffer, chunk: Waiting[]): void {
    let best = 0;
    let least = Infinity;
    for (let i = 0; i < this.threads.length; i++) {
      const load = this.threads[i]?.outstanding.size ?? 0;
      if (load < least) [best, least] = [i, load];
    }
    const thread = (this.threads[best] ??= this.spawn(best));
    const id = this.nextId++;
    thread.outstanding.set(id, chunk);
    thread.worker.postMessage({ id, payload, keys: chunk.map((w) => [w.p256dh, w.auth]) });
  }

  private spawn(index: number): Thread {
    const worker = new Worker(this.workerScript);
    // An idle thread does not keep the process alive.
    worker.unref();
    const thread: Thread = { worker, outstanding: new Map() };
    worker.on('message', ({ id, bodies }: { id: number; bodies: (Uint8Array | string)[] }) => {
      const chunk = thread.outstanding.get(id);
      thread.outstanding.delete(id);
      chunk?.forEach((w, i) => {
        const body = bodies[i]!;
        if (typeof body === 'string') w.reject(new Error(body));
        else w.resolve(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
      });
    });
    // A thread that died fails what it held; the next chunk starts a new one in its place.
    const fail = (error: Error) => {
      if (this.threads[index] === thread) this.threads[index] = undefined;
      for (const chunk of thread.outstanding.values()) for (const w of chunk) w.reject(error);
      thread.outstanding.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the encryption thread stopped (${code})`)));
    return thread;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.flatMap((t) => (t ? [t.worker.terminate()] : [])));
  }
}
