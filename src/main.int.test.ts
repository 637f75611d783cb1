import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createTestDatabase, engine, type TestDatabase } from '../test/support/database.ts';
import { multipart } from '../test/support/app.ts';
import { until } from '../test/support/wait.ts';
import { freePort } from '../scripts/postgres.ts';
import { BIN, cli } from '../test/support/cli.ts';

describe(`the masthead command on ${engine}`, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let testDb: TestDatabase | undefined;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));
    env = { DATA_DIR: dataDir, MASTHEAD_DEMO: '0', LOG_LEVEL: 'warn' };
    if (engine === 'postgres') {
      testDb = await createTestDatabase();
      await testDb.database.close();
      env.DATABASE_URL = testDb.url!;
    }
  });
  after(async () => {
    await testDb?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('explains usage and bad configuration without a stack trace', async () => {
    const usage = await cli(['frobnicate'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Unknown command "frobnicate"/);
    const badPort = await cli(['migrate'], { ...env, PORT: 'eighty' });
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /PORT must be a whole number/);
    assert.doesNotMatch(badPort.stderr, /at .*\.ts/);
  });

  it('migrates, creates tokens and users', async () => {
    const migrated = await cli(['migrate'], env);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stderr, /up to date/);
    const token = await cli(['token', 'create', '--name', 'Wire importer'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout.trim().split('\n').pop()!, /^mh_[A-Za-z0-9_-]{43}$/);
    const user = await cli(['user', 'create', '--email', 'Ana@Example.org', '--role', 'editor'], env);
    assert.equal(user.code, 0, user.stderr);
    const again = await cli(['user', 'create', '--email', 'ana@example.org', '--role', 'reader'], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    const badRole = await cli(['user', 'create', '--email', 'b@example.org', '--role', 'overlord'], env);
    assert.equal(badRole.code, 1);
    assert.match(badRole.stderr, /role must be one of/);
    const noName = await cli(['token', 'create'], env);
    assert.equal(noName.code, 2);
  });

  it('serves from any working directory, refuses a second process on the embedded database, and shuts down gracefully', async () => {
    const port = await freePort();
    const token = (await cli(['token', 'create', '--name', 'server test'], env)).stdout.trim().split('\n').pop()!;
    // Started from elsewhere, as a service manager would: the sources still compile as the project's.
    const server: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
      cwd: os.tmpdir(),
      env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'info', SHUTDOWN_DRAIN_SECONDS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    server.stdout!.on('data', (d) => (logs += d));
    server.stderr!.on('data', (d) => (logs += d));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      // Until it answers (or dies: then the assertions below say why, with its logs).
      await until(
        async () =>
          server.exitCode !== null ||
          (await fetch(`${base}/healthz`).then(
            (r) => r.ok,
            () => false,
          )),
        100,
      );
      assert.equal((await fetch(`${base}/healthz`)).status, 200, logs);
      assert.match(logs, /"level":30/, 'logs are JSON');
      const front = await fetch(`${base}/uk`);
      assert.equal(front.status, 200, logs);
      assert.match(await front.text(), /<main/);
      // Neither Stripe nor the sandbox: the start says how to set contributions up, the page says they are not.
      await until(() => server.exitCode !== null || logs.includes('Contributions are not set up'));
      assert.match(logs, /Contributions are not set up: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PAYMENTS_SANDBOX=1/);
      assert.match(await (await fetch(`${base}/support`)).text(), /Contributions are not set up yet/);

      if (engine === 'pglite') {
        const second = await cli(['migrate'], env);
        assert.equal(second.code, 1);
        assert.match(second.stderr, /in use by process \d.*stop the running site first/s);
      }

      // A request in flight when the signal arrives still completes: its body is half sent
      // when the server is told to stop, and the rest follows once it has said it is stopping.
      const picture = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 50, b: 50 } } })
        .jpeg()
        .toBuffer();
      const form = multipart({ alt: 'A red field' }, { filename: 'red.jpg', type: 'image/jpeg', data: picture });
      const request = http.request(`${base}/api/admin/images`, {
        method: 'POST',
        headers: { ...form.headers, 'content-length': String(form.payload.length), authorization: `Bearer ${token}` },
      });
      const upload = new Promise<number>((resolve, reject) => {
        request.on('response', (response) => {
          response.resume();
          resolve(response.statusCode!);
        });
        request.on('error', reject);
      });
      const half = Math.floor(form.payload.length / 2);
      request.write(form.payload.subarray(0, half));
      await until(() => server.exitCode !== null || logs.includes('"url":"/api/admin/images"'));
      assert.match(logs, /"url":"\/api\/admin\/images"/, 'the upload reached the server');
      server.kill('SIGTERM');
      await until(() => server.exitCode !== null || logs.includes('shutting down'));
      // Draining: not ready (a load balancer moves readers elsewhere), yet still serving, each response closing its connection.
      assert.equal((await fetch(`${base}/healthz`)).status, 503, 'not ready while it drains');
      const served = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(`${base}/uk`, resolve).on('error', reject));
      served.resume();
      assert.deepEqual([served.statusCode, served.headers.connection], [200, 'close'], 'served while it drains');
      request.end(form.payload.subarray(half));
      assert.equal(await upload, 201);
      assert.equal(await exited, 0, logs);
      assert.match(logs, /shutting down/);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    // The database was closed cleanly: the next command opens it at once.
    const next = await cli(['migrate'], env);
    assert.equal(next.code, 0, next.stderr);
  });

  if (engine === 'postgres') {
    it('runs several worker processes that stop together on SIGTERM', async () => {
      const port = await freePort();
      const server = spawn(process.execPath, [BIN, 'start'], {
        env: { ...process.env, ...env, PORT: String(port), WORKERS: '2', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let logs = '';
      server.stdout!.on('data', (d) => (logs += d));
      server.stderr!.on('data', (d) => (logs += d));
      const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      try {
        await until(() => server.exitCode !== null || (logs.match(/Server listening/g) ?? []).length >= 2, 100);
        const pids = new Set((logs.match(/"pid":(\d+),[^\n]*Server listening/g) ?? []).map((line) => /"pid":(\d+)/.exec(line)![1]));
        assert.equal(pids.size, 2, logs);
        assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
        server.kill('SIGTERM');
        assert.equal(await exited, 0, logs);
        for (const pid of pids) assert.throws(() => process.kill(Number(pid), 0), 'every worker has exited');
      } finally {
        if (server.exitCode === null) server.kill('SIGKILL');
      }
    });
    it('refuses WORKERS above 1 on the embedded database', async () => {
      const result = await cli(['migrate'], { ...env, DATABASE_URL: '', WORKERS: '2' });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /WORKERS above 1 needs DATABASE_URL/);
    });
  }
});
