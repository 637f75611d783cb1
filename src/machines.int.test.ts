import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { freePort } from '../scripts/postgres.ts';
import { multipart, validArticle } from '../test/support/app.ts';
import { BIN, cli } from '../test/support/cli.ts';
import { createTestDatabase, engine, type TestDatabase } from '../test/support/database.ts';
import { createTestBucket, type TestBucket } from '../test/support/s3.ts';
import { listen } from '../test/support/sse.ts';
import { startVarnish, type Varnish } from '../test/support/varnish.ts';
import { until } from '../test/support/wait.ts';
import { createUser, startSession } from './accounts/index.ts';
import { openDatabase } from './platform/db/open.ts';
import { enqueue } from './platform/jobs/queue.ts';
import { MAIL_JOB } from './platform/mail/mailer.ts';

/**
 * Two Masthead "machines": separate processes, each with its own DATA_DIR and port, sharing one
 * PostgreSQL, one S3 bucket and one Varnish (in front of the first). What one does, the other
 * sees: purges, pictures, jobs, live updates, sessions and rate limits.
 */
describe(`two machines on one database (${engine})`, { timeout: 240_000 }, () => {
  if (engine !== 'postgres') {
    it('PGlite serves one process: machines share a PostgreSQL server', () => assert.equal(engine, 'pglite'));
    return;
  }
  let db: TestDatabase;
  let bucket: TestBucket;
  let varnish: Varnish;
  const machines: { base: string; port: number; dataDir: string; process: ChildProcess; logs: () => string }[] = [];
  let env: Record<string, string>;
  let token: string;
  const admin = (base: string, method: string, url: string, body?: unknown) =>
    fetch(base + url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  async function startMachine(port: number) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-machine-'));
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, ...env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout!.on('data', (d) => (logs += d));
    child.stderr!.on('data', (d) => (logs += d));
    const base = `http://127.0.0.1:${port}`;
    await until(
      async () =>
        child.exitCode !== null ||
        (await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        )),
      100,
    );
    assert.equal(child.exitCode, null, logs);
    machines.push({ base, port, dataDir, process: child, logs: () => logs });
  }

  before(async () => {
    db = await createTestDatabase();
    await db.database.close();
    bucket = await createTestBucket();
    const [portA, portB] = [await freePort(), await freePort()];
    varnish = await startVarnish(portA);
    env = { DATABASE_URL: db.url!, MASTHEAD_DEMO: '0', ...bucket.env, CDN_PURGE_URL: varnish.purgeUrl, SHUTDOWN_DRAIN_SECONDS: '0' };
    token = (await cli(['token', 'create', '--name', 'machines'], { ...env, DATA_DIR: os.tmpdir() })).stdout.trim().split('\n').pop()!;
    await startMachine(portA);
    await startMachine(portB);
    // The newsroom seedBasics gives a test app, made here through the Admin API of the first machine.
    for (const [url, body] of [
      ['/api/admin/authors', { name: 'Ada Reporter' }],
      ['/api/admin/authors', { name: 'Ben Editor' }],
      ['/api/admin/sections', { name: 'News' }],
      ['/api/admin/sections', { name: 'World', parent: 'news' }],
      ['/api/admin/topics', { name: 'Diplomacy' }],
      ['/api/admin/topics', { name: 'Trade' }],
    ] as const) {
      const made = await admin(machines[0]!.base, 'POST', url, body);
      assert.ok(made.ok, `${url}: ${made.status} ${await made.text()}`);
    }
  });
  after(async () => {
    for (const machine of machines) {
      machine.process.kill('SIGTERM');
      await new Promise((resolve) => (machine.process.exitCode !== null ? resolve(null) : machine.process.once('exit', resolve)));
      fs.rmSync(machine.dataDir, { recursive: true, force: true });
    }
    await varnish?.stop();
    await bucket?.close();
    await db?.dispose();
  });

  it('a correction published on one machine purges the other’s page cache and Varnish', async () => {
    const [a, b] = machines;
    const article = await (
      await admin(b!.base, 'POST', '/api/admin/articles', validArticle({ headline: 'Two machines agree', slug: 'two-machines', status: 'published' }))
    ).json();
    const pagePath = new URL(article.url).pathname;
    const throughVarnish = `http://127.0.0.1:${varnish.port}${pagePath}`;
    for (const url of [a!.base + pagePath, throughVarnish, throughVarnish]) assert.equal((await fetch(url)).status, 200); // cached on A and in Varnish
    assert.equal(
      (await admin(b!.base, 'POST', `/api/admin/articles/${article.id}/corrections`, { kind: 'correction', note: 'The vote was on Tuesday.' })).status,
      201,
    );
    await until(async () => (await (await fetch(a!.base + pagePath)).text()).includes('The vote was on Tuesday.'));
    await until(async () => (await (await fetch(throughVarnish)).text()).includes('The vote was on Tuesday.'));
  });

  it('a picture uploaded on one machine is served by the other', async () => {
    const [a, b] = machines;
    const data = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#246' } })
      .jpeg()
      .toBuffer();
    const form = multipart({ alt: 'A blue field' }, { filename: 'blue.jpg', type: 'image/jpeg', data });
    const uploaded = await fetch(`${a!.base}/api/admin/images`, {
      method: 'POST',
      headers: { ...form.headers, authorization: `Bearer ${token}` },
      body: form.payload,
    });
    assert.equal(uploaded.status, 201);
    const image = (await uploaded.json()) as { id: string; variants: { width: number; format: string }[] };
    const variant = image.variants.find((v) => v.format === 'webp')!;
    const [fromA, fromB] = [
      await fetch(`${a!.base}/media/${image.id}/${variant.width}.webp`),
      await fetch(`${b!.base}/media/${image.id}/${variant.width}.webp`),
    ];
    assert.deepEqual([fromA.status, fromB.status], [200, 200]);
    assert.ok(Buffer.from(await fromA.arrayBuffer()).equals(Buffer.from(await fromB.arrayBuffer())));
  });

  it('live entries posted on one machine reach readers connected to the other', async () => {
    const [a, b] = machines;
    const article = await (
      await admin(a!.base, 'POST', '/api/admin/articles', validArticle({ headline: 'Count night', slug: 'count-night', status: 'published' }))
    ).json();
    assert.equal((await admin(a!.base, 'PUT', `/api/admin/articles/${article.id}/live-blog`, { state: 'open' })).status, 201);
    const reader = listen(b!.port, `/api/articles/${article.id}/entries/live`);
    assert.equal(await reader.opened, 200);
    await reader.until(() => reader.raw.includes('retry:'), 'the start of the stream');
    const entry = await admin(a!.base, 'POST', `/api/admin/articles/${article.id}/entries`, {
      title: 'First result in',
      bodyMarkdown: 'Turnout was high.',
      writers: ['ada-reporter'],
      as: 'publish',
    });
    assert.equal(entry.status, 201, await entry.text());
    await reader.until(() => reader.events.some((e) => e.event === 'entry' && e.data.title === 'First result in'), 'the entry from the other machine');
    reader.close();
  });

  it('each job runs once whichever machine takes it, and a session made elsewhere works on both and ends on both', async () => {
    const [a, b] = machines;
    const database = await openDatabase({ databaseUrl: db.url!, poolSize: 2 });
    try {
      // Forty messages queued at once: both machines' workers race for them; forty are written, none twice.
      const subjects = Array.from({ length: 40 }, (_, i) => `Message ${i}`);
      for (const subject of subjects)
        await enqueue(database.db, MAIL_JOB, { to: 'desk@machines.example', subject, text: subject, html: `<p>${subject}</p>`, links: [] });
      const written = () =>
        machines.flatMap((m) => {
          const outbox = path.join(m.dataDir, 'outbox');
          return fs.existsSync(outbox) ? fs.readdirSync(outbox).map((file) => fs.readFileSync(path.join(outbox, file), 'utf8')) : [];
        });
      await until(() => written().length >= subjects.length);
      const sent = written().map((mail) => /^Subject: (.+)$/m.exec(mail)?.[1]?.trim());
      assert.deepEqual([...sent].sort(), [...subjects].sort(), 'each message once');
      assert.ok(
        machines.every((m) => fs.existsSync(path.join(m.dataDir, 'outbox'))),
        'both machines took some',
      );

      const user = await createUser(database.db, { email: 'reader@machines.example', role: 'reader', displayName: 'Machine Reader' });
      const session = await startSession(database.db, { id: user.id, role: 'reader' }, 'password', { userAgent: 'test', ip: '203.0.113.9' }, new Date());
      const cookie = `masthead_session=${session.token}`;
      const me = async (base: string) => (await (await fetch(`${base}/api/me`, { headers: { cookie } })).json()) as { signedIn: boolean; csrfToken?: string };
      assert.deepEqual([(await me(a!.base)).signedIn, (await me(b!.base)).signedIn], [true, true]);
      // The CSRF token /api/me gives is bound to the cookie it sets beside it.
      const answer = await fetch(`${b!.base}/api/me`, { headers: { cookie } });
      const csrf = ((await answer.json()) as { csrfToken: string }).csrfToken;
      const cookies = [cookie, ...answer.headers.getSetCookie().map((c) => c.split(';')[0]!)].join('; ');
      const out = await fetch(`${b!.base}/account/sign-out`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrf)}`,
      });
      assert.equal(out.status, 303);
      assert.equal((await me(a!.base)).signedIn, false, 'signed out on one machine, out on the other');
    } finally {
      await database.close();
    }
  });

  it('counts a rate limit across both machines', async () => {
    const [a, b] = machines;
    const event = (base: string) =>
      fetch(`${base}/api/ask/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ testId: crypto.randomUUID(), variantId: 'a', kind: 'view' }),
      });
    for (let i = 0; i < 300; i++) assert.notEqual((await event(i % 2 ? a!.base : b!.base)).status, 429, `report ${i}`);
    assert.equal((await event(a!.base)).status, 429, 'the 301st in a minute, whichever machine takes it');
    assert.equal((await event(b!.base)).status, 429);
  });
});
