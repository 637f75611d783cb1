/**
 * Web push at scale. Encrypting a message costs one P-256 key generation and one key agreement
 * per subscriber, so the ceiling is how many of those a core does. Measured in one run:
 *
 *   npm run bench:push
 *
 * - The ceiling through Node's crypto on one core (createECDH: generate + computeSecret), the
 *   key agreement alone (what `openssl speed` counts), the
 *   same through the libuv thread pool (async generateKeyPair + diffieHellman on KeyObjects,
 *   which spreads over cores), and `openssl speed ecdhp256` (the library's own limit).
 * - The `web-push` library: `encrypt` alone, and `generateRequestDetails` (which also signs
 *   VAPID on every call).
 * - Masthead's fan-out of one alert to 100,000 subscriptions, delivered over kept-alive TLS to a
 *   push service on loopback in its own process (bench/push-sink.ts, checking every VAPID token
 *   and decrypting a sample): on PGlite with one process, and on PostgreSQL with two worker
 *   processes. Goal: at least 70% of (ceiling x processes), and under 30 s.
 */
import { fork, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import selfsigned from 'selfsigned';
import webpush from 'web-push';
import { startSession } from '../src/accounts/sessions/service.ts';
import { insertUser } from '../src/accounts/users/repository.ts';
import { pushSubscriptions } from '../src/alerts/tables.ts';
import { openDatabase } from '../src/platform/db/open.ts';
import type { Database } from '../src/platform/db/database.ts';
import { providePostgres } from '../scripts/postgres.ts';
import { createBenchDatabase, run, startServer, stopServer } from './lib.ts';
import { sql } from 'drizzle-orm';

/** BENCH_PUSH_SUBSCRIBERS makes a quicker run while working on the sender. */
const SUBSCRIBERS = Number(process.env.BENCH_PUSH_SUBSCRIBERS ?? 100_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const round = (n: number) => Math.round(n);

/** Calls `work` for `seconds` and returns calls per second. */
async function rate(seconds: number, work: () => unknown | Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const started = performance.now();
  while (performance.now() < end) {
    await work();
    n++;
  }
  return round(n / ((performance.now() - started) / 1000));
}

async function ceilings() {
  const peer = crypto.createECDH('prime256v1');
  peer.generateKeys();
  const peerPublic = peer.getPublicKey();
  const nodeOneCore = await rate(3, () => {
    const ecdh = crypto.createECDH('prime256v1');
    ecdh.generateKeys();
    ecdh.computeSecret(peerPublic);
  });

  // The key agreement alone, as `openssl speed ecdhp256` measures it: how much Node adds to OpenSSL.
  const mine = crypto.createECDH('prime256v1');
  mine.generateKeys();
  const nodeAgreementOnly = await rate(3, () => mine.computeSecret(peerPublic));

  // The thread pool: key generation off the main thread, several at once.
  const peerKey = crypto.createPublicKey({
    key: Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), peerPublic]),
    format: 'der',
    type: 'spki',
  });
  const generate = () =>
    new Promise<crypto.KeyObject>((resolve, reject) =>
      crypto.generateKeyPair('ec', { namedCurve: 'prime256v1' }, (error, _pub, privateKey) => (error ? reject(error) : resolve(privateKey))),
    );
  let pooled = 0;
  const poolEnd = performance.now() + 3000;
  const poolStart = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < poolEnd) {
        crypto.diffieHellman({ privateKey: await generate(), publicKey: peerKey });
        pooled++;
      }
    }),
  );
  const nodeThreadPool = round(pooled / ((performance.now() - poolStart) / 1000));

  const speed = spawnSync('openssl', ['speed', '-seconds', '3', 'ecdhp256'], { encoding: 'utf8' });
  const openssl = speed.status === 0 ? Number(/256 bits ecdh \(nistp256\)\s+[\d.]+s\s+([\d.]+)/.exec(speed.stdout)?.[1] ?? NaN) : null;

  const vapid = webpush.generateVAPIDKeys();
  const sub = { endpoint: 'https://push.example/x', keys: { p256dh: peerPublic.toString('base64url'), auth: crypto.randomBytes(16).toString('base64url') } };
  const payload = Buffer.from(JSON.stringify({ title: 'A breaking news alert of ordinary length', body: 'x'.repeat(120), url: 'https://news.example/a' }));
  const webpushEncrypt = await rate(3, () => webpush.encrypt(sub.keys.p256dh, sub.keys.auth, payload, 'aes128gcm'));
  const webpushRequestDetails = await rate(3, () =>
    webpush.generateRequestDetails(sub, payload, { vapidDetails: { subject: 'mailto:a@news.example', ...vapid } }),
  );
  return { nodeOneCore, nodeAgreementOnly, nodeThreadPool, openssl, webpushEncrypt, webpushRequestDetails };
}

interface Pool {
  privateKey: string;
  auth: string;
  p256dh: string;
}

async function seedSubscribers(database: Database, origin: string, pool: Pool[]) {
  const rows: (typeof pushSubscriptions.$inferInsert)[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const keys = pool[i % pool.length]!;
    rows.push({
      id: crypto.randomUUID(),
      endpoint: `${origin}/push/${i}`,
      p256dh: keys.p256dh,
      auth: keys.auth,
      userId: null,
      choices: { breaking: ['uk'], sections: [], topics: [], authors: [], replies: false },
      timeZone: 'UTC',
    });
    if (rows.length === 2_000) await database.db.insert(pushSubscriptions).values(rows.splice(0));
  }
  if (rows.length) await database.db.insert(pushSubscriptions).values(rows);
}

async function fanout(
  label: string,
  env: Record<string, string>,
  openDb: () => Promise<Database>,
  tls: { cert: string; key: string; caFile: string },
  pool: Pool[],
  processes: number,
) {
  const sink = fork(path.join(here, 'push-sink.ts'), {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_SINK_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SINK_PROFILE] : [])],
    env: { ...process.env, SINK_SETUP: JSON.stringify({ cert: tls.cert, key: tls.key, pool }) },
  });
  const origin = await new Promise<string>((resolve) => sink.once('message', (m: { origin: string }) => resolve(m.origin)));
  const agent = new https.Agent({ ca: tls.cert });
  const stats = async () =>
    await new Promise<string>((resolve, reject) =>
      https
        .get(`${origin}/stats`, { agent }, (r) => {
          let s = '';
          r.on('data', (d) => (s += d));
          r.on('end', () => resolve(s));
        })
        .on('error', reject),
    );
  try {
    await run(['seed', '--demo'], env);
    const database = await openDb();
    const editor = await insertUser(database.db, {
      id: crypto.randomUUID(),
      email: 'alerts@bench.example',
      emailKey: 'alerts@bench.example',
      displayName: 'Alerts Desk',
      role: 'editor',
    });
    const session = await startSession(database.db, editor, 'bench', { userAgent: 'bench', ip: '127.0.0.1' }, new Date(), true, true);
    const article = (
      (await database.db.execute(sql`select id from articles where status = 'published' and 'uk' = any(editions) limit 1`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows[0]!.id;
    const seedStart = performance.now();
    await seedSubscribers(database, origin, pool);
    const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
    await database.close();

    const { server, base } = await startServer({
      ...env,
      PUSH_ALLOW_LOOPBACK: '1',
      PUSH_EXTRA_SERVICES: new URL(origin).host,
      PUSH_CA_FILE: tls.caFile,
      ALERTS_DAILY_CAP: '100',
      WORKERS: String(processes),
    });
    try {
      let cookie = `masthead_session=${session.token}`;
      const me = await fetch(`${base}/api/me`, { headers: { cookie } });
      cookie +=
        '; ' +
        me.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
      const { csrfToken } = (await me.json()) as { csrfToken: string };
      const started = Date.now();
      const made = await fetch(`${base}/newsroom/api/alerts`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ articleId: article, audience: { kind: 'breaking', edition: 'uk' }, breaking: true }),
      });
      if (made.status !== 201) throw new Error(`alert: ${made.status} ${await made.text()}`);
      let seen = { count: 0, first: 0, last: 0, decrypted: 0, problems: [] as string[] };
      const deadline = Date.now() + 300_000;
      while (seen.count < SUBSCRIBERS && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        seen = JSON.parse(await stats());
      }
      const seconds = (seen.last - started) / 1000;
      return {
        label,
        processes,
        subscribers: SUBSCRIBERS,
        delivered: seen.count,
        seconds: Math.round(seconds * 10) / 10,
        firstDeliveryAfter: Math.round((seen.first - started) / 100) / 10,
        perSecond: round(seen.count / seconds),
        decryptedSample: seen.decrypted,
        problems: seen.problems,
        seedSeconds,
      };
    } finally {
      await stopServer(server);
    }
  } finally {
    sink.kill();
  }
}

async function main() {
  const ceiling = await ceilings();
  console.error('ceilings', ceiling);
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-push-'));
  const caFile = path.join(work, 'ca.pem');
  fs.writeFileSync(caFile, pems.cert);
  const tls = { cert: pems.cert, key: pems.private, caFile };
  // A hundred receiving key pairs shared by the 100,000 endpoints: the sender's cost is per message either way.
  const pool: Pool[] = Array.from({ length: 100 }, () => {
    const ecdh = crypto.createECDH('prime256v1');
    ecdh.generateKeys();
    return {
      privateKey: ecdh.getPrivateKey().toString('base64url'),
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: crypto.randomBytes(16).toString('base64url'),
    };
  });
  const postgres = await providePostgres();
  // BENCH_PUSH_ONLY=pglite or postgres runs one of the two; BENCH_PUSH_PG_PROCESSES sets the second's processes.
  const only = process.env.BENCH_PUSH_ONLY;
  const processes = Number(process.env.BENCH_PUSH_PG_PROCESSES ?? 2);
  try {
    const results = [];
    if (only !== 'postgres') {
      const pgliteDir = path.join(work, 'pglite');
      results.push(
        await fanout(
          'PGlite, one process',
          { DATA_DIR: pgliteDir, NODE_ENV: 'production', MASTHEAD_DEMO: '0' },
          () => openDatabase({ dataDir: pgliteDir }),
          tls,
          pool,
          1,
        ),
      );
      console.error('pglite', results[0]);
    }
    if (only !== 'pglite') {
      const databaseUrl = await createBenchDatabase(postgres.url, 'masthead_push_bench');
      results.push(
        await fanout(
          `PostgreSQL, ${processes} worker process${processes === 1 ? '' : 'es'}`,
          { DATA_DIR: path.join(work, 'pg'), DATABASE_URL: databaseUrl, NODE_ENV: 'production', MASTHEAD_DEMO: '0' },
          () => openDatabase({ databaseUrl, poolSize: 2 }),
          tls,
          pool,
          processes,
        ),
      );
    }
    const goal = (result: { perSecond: number; processes: number }) => Math.round((result.perSecond / (ceiling.nodeOneCore * result.processes)) * 100);
    return { ceiling, fanout: results.map((r) => ({ ...r, percentOfNodeCeilingTimesProcesses: goal(r) })) };
  } finally {
    await postgres.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

console.log(JSON.stringify(await main(), null, 2));
process.exit(0);
