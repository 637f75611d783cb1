import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/postgres.ts';

/**
 * A real Varnish (the Debian package) for a test, as test/support/pushpin.ts provides Pushpin:
 * a throwaway varnishd on free loopback ports in its own temp dir, running the VCL the site
 * ships (docs/deploy/varnish.vcl) with its backend pointed at the app under test. Never skipped:
 * npm test installs the package when it may (scripts/system-packages.ts); a machine still without
 * it fails naming the package.
 */
export interface Varnish {
  /** Where readers connect. */
  port: number;
  /** The CDN_PURGE_URL the app purges through. */
  purgeUrl: string;
  logs(): string;
  /** Objects served from the cache and fetched from the site since it started (varnishstat). */
  counters(): { hits: number; misses: number };
  stop(): Promise<void>;
}

export const SHIPPED_VCL = path.join(import.meta.dirname, '../../docs/deploy/varnish.vcl');

const INSTALL_HINT =
  'Varnish is needed by the CDN tests and is not installed: install the Debian/Ubuntu package `varnish` ' +
  '(`sudo apt-get install -y varnish`; npm test does this itself when run as root).';

function ensureInstalled(): string {
  const found = spawnSync('sh', ['-c', 'command -v varnishd || ls /usr/sbin/varnishd 2>/dev/null'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

/** The shipped VCL with its backend moved to the app under test. */
/** The purge token the tests' Varnish takes, as an operator sets one of their own in the shipped VCL. */
const PURGE_TOKEN = crypto.randomBytes(18).toString('hex');

function vclFor(upstreamPort: number): string {
  const shipped = fs.readFileSync(SHIPPED_VCL, 'utf8');
  const vcl = shipped.replace(/\.port = "\d+";/, `.port = "${upstreamPort}";`).replace('Bearer CHANGE-THIS-PURGE-TOKEN', `Bearer ${PURGE_TOKEN}`);
  if (vcl === shipped && !shipped.includes(`"${upstreamPort}"`)) throw new Error('docs/deploy/varnish.vcl has no backend .port to point at the app');
  return vcl;
}

async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function launch(binary: string, dir: string, port: number, jail: string[]): Promise<{ child: ChildProcess; output: () => string } | string> {
  const admin = await freePort();
  const args = ['-F', '-n', path.join(dir, 'work'), '-a', `127.0.0.1:${port}`, '-T', `127.0.0.1:${admin}`, '-S', path.join(dir, 'secret')];
  args.push('-f', path.join(dir, 'site.vcl'), '-s', 'malloc,64m', '-p', 'ban_lurker_sleep=0.01', ...jail);
  let output = '';
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      return output || `varnishd exited with ${child.exitCode}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output };
}

/**
 * Starts Varnish in front of the app listening on `upstreamPort`; resolves once it answers. As
 * root, varnishd drops privileges to its own users (the default jail), which needs the temp dir
 * readable by them; where that fails (a container without those users) it runs unjailed.
 */
export async function startVarnish(upstreamPort: number): Promise<Varnish> {
  const binary = ensureInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-varnish-'));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'site.vcl'), vclFor(upstreamPort), { mode: 0o644 });
  fs.writeFileSync(path.join(dir, 'secret'), `${Math.random().toString(36).slice(2)}\n`, { mode: 0o600 });
  const port = await freePort();
  const jails = process.getuid?.() === 0 ? [[], ['-j', 'none']] : [['-j', 'none']];
  const failures: string[] = [];
  for (const jail of jails) {
    const started = await launch(binary, dir, port, jail);
    if (typeof started === 'string') {
      failures.push(started);
      continue;
    }
    const { child, output } = started;
    return {
      port,
      purgeUrl: `http://127.0.0.1:${port}/?token=${PURGE_TOKEN}`,
      logs: output,
      counters: () => {
        const out = spawnSync('varnishstat', ['-n', path.join(dir, 'work'), '-1', '-f', 'MAIN.cache_hit', '-f', 'MAIN.cache_miss'], {
          encoding: 'utf8',
        }).stdout;
        const value = (name: string) => Number(new RegExp(`^MAIN\\.${name}\\s+(\\d+)`, 'm').exec(out)?.[1] ?? NaN);
        return { hits: value('cache_hit'), misses: value('cache_miss') };
      },
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`Varnish did not start:\n${failures.join('\n---\n')}`);
}
