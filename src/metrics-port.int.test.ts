import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, engine, type TestDatabase } from '../test/support/database.ts';
import { until } from '../test/support/wait.ts';
import { BIN } from '../test/support/cli.ts';
import { freePort } from '../scripts/postgres.ts';

const TOKEN = 'metrics-port-token-0123456789abcdef';

/** The sum of a metric's series whose labels include `labels`, in Prometheus text. */
function total(text: string, name: string, labels = ''): number {
  return text
    .split('\n')
    .filter((line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** Starts `masthead start` with `env` until it answers /readyz; stops it (SIGTERM) when `use` is done. */
async function serving(env: Record<string, string>, use: (base: string) => Promise<void>) {
  const port = await freePort();
  const server = spawn(process.execPath, [BIN, 'start'], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  server.stdout.on('data', (d) => (logs += d));
  server.stderr.on('data', (d) => (logs += d));
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  try {
    const up = () =>
      fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    await until(async () => server.exitCode !== null || (await up()), 100);
    assert.ok(await up(), logs);
    await use(base).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${logs}`, { cause: error });
    });
    server.kill('SIGTERM');
    assert.equal(await exited, 0, logs);
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}

describe(`the metrics port on ${engine}`, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let testDb: TestDatabase | undefined;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-metrics-'));
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

  it('serves the process metrics on its own loopback port, and nothing on the site without a token', async () => {
    const metricsPort = await freePort();
    await serving({ ...env, METRICS_PORT: String(metricsPort) }, async (base) => {
      for (let i = 0; i < 3; i++) assert.equal((await fetch(`${base}/livez`)).status, 200);
      assert.equal((await fetch(`${base}/metrics`)).status, 404, 'no /metrics on the site without METRICS_TOKEN');
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await response.text();
      assert.equal(total(text, 'masthead_http_request_duration_seconds_count', 'route="/livez"'), 3);
      assert.ok(total(text, 'process_cpu_user_seconds_total') > 0, 'the process metrics are there');
      assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status, 404);
    });
  });

  if (engine === 'postgres') {
    it('with WORKERS=2 sums every worker, on the port and at /metrics with the token', { timeout: 180_000 }, async () => {
      const metricsPort = await freePort();
      await serving({ ...env, WORKERS: '2', METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN }, async (base) => {
        const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
        // Both workers are up (each says so on /readyz once it listens): wait until both count in the sum.
        await until(async () => {
          const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, auth);
          return response.ok && total(await response.text(), 'masthead_db_listener_up') === 2;
        }, 100);
        for (let i = 0; i < 20; i++) assert.equal((await fetch(`${base}/livez`, { headers: { connection: 'close' } })).status, 200);
        assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status, 401, 'the token is asked for on the port too');
        const fromPort = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, auth)).text();
        assert.equal(total(fromPort, 'masthead_http_request_duration_seconds_count', 'route="/livez"'), 20);
        assert.equal(total(fromPort, 'masthead_db_listener_up'), 2, 'one listener per worker, summed');
        // Through the site: whichever worker answers asks the primary for everyone's.
        const fromSite = await fetch(`${base}/metrics`, auth);
        assert.equal(fromSite.status, 200);
        const text = await fromSite.text();
        assert.equal(total(text, 'masthead_http_request_duration_seconds_count', 'route="/livez"'), 20);
        assert.equal(total(text, 'masthead_db_listener_up'), 2);
      });
    });
  }
});
