/** Shared by the benchmarks: start the real server in its own process, watch its memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, providePostgres } from '../scripts/postgres.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/masthead.mjs');

export const rssMiB = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
};

export function run(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`masthead ${args.join(' ')} exited ${code}`))));
  });
}

/** `env.PORT`, when given, is kept (a proxy started first points at it); otherwise a free port. */
export async function startServer(env: Record<string, string>): Promise<{ server: ChildProcess; base: string }> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const server = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SERVER_PROFILE] : []), bin, 'start'],
    { env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'inherit' },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { server, base };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

/** Samples the server's RSS while `work` runs; returns the peak. */
export async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 200);
  try {
    return { result: await work(), peak };
  } finally {
    clearInterval(timer);
  }
}

/** The demo's AVIF variants are made by the job queue after start; idle means after that. */
export async function avifDone(base: string, token: string) {
  for (let i = 0; i < 600; i++) {
    const page = (await (await fetch(`${base}/api/admin/images?limit=100`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { variants: { format: string }[] }[];
    };
    if (page.items.every((image) => image.variants.some((v) => v.format === 'avif'))) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('AVIF variants were not made in time');
}

/** A fresh database on the benchmark's PostgreSQL server; returns its URL. */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client(serverUrl);
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}

/**
 * Runs a benchmark file once per engine, each in its own process (the test harness picks its
 * engine at import): PGlite, then PostgreSQL on a server provided for the run. `engineVariable`
 * tells the child it is the child; it prints its figures as JSON on its last line.
 */
export async function perEngine(file: string, engineVariable: string): Promise<Record<string, unknown>[]> {
  const child = (env: Record<string, string>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      proc.stdout.on('data', (d) => (out += d));
      proc.on('close', (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>)
          : reject(new Error(`${env[engineVariable]} bench exited ${code}`)),
      );
    });
  const results = [await child({ [engineVariable]: 'pglite', MASTHEAD_TEST_ENGINE: 'pglite' })];
  const postgres = await providePostgres();
  try {
    results.push(await child({ [engineVariable]: 'postgres', MASTHEAD_TEST_ENGINE: 'postgres', MASTHEAD_TEST_PG_URL: postgres.url }));
  } finally {
    await postgres.stop();
  }
  return results;
}
