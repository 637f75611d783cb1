import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/postgres.ts';

/**
 * A real Pushpin (the Debian package) for a test, the way scripts/postgres.ts provides PostgreSQL:
 * a throwaway instance on free loopback ports, from a full config file written into its own temp
 * dir (run dir, logs, routes), proxying every request to the app under test and signing what it
 * forwards with `sigKey` (the app's GRIP verify key). Never skipped: npm test installs the package
 * before the suites when it may (scripts/system-packages.ts); a machine still without it fails
 * naming the package.
 */
export interface Pushpin {
  /** The runner's process id (its services are its children). */
  pid: number;
  /** Where readers connect (the proxy's HTTP port). */
  port: number;
  /** The GRIP_URL the app publishes to (this instance's publish endpoint, with the verify key). */
  gripUrl: string;
  /** The proxy's log so far, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'Pushpin is needed by the live-channel tests and is not installed: install the Debian/Ubuntu package `pushpin` ' +
  '(`sudo apt-get install -y pushpin`; npm test does this itself when run as root).';

function ensureInstalled(): string {
  const found = spawnSync('sh', ['-c', 'command -v pushpin'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

/** The package's own settings, with every port ours, every socket in our run dir and zurl run by us. */
function config(dir: string, ports: Record<'http' | 'pushIn' | 'publish' | 'pushSub' | 'command', number>, sigKey: string, messageRate: number): string {
  const internal = fs.readFileSync('/usr/lib/pushpin/internal.conf', 'utf8');
  // The package points the proxy at a system-wide zurl; ours runs its own, in our run dir.
  const proxyInternal = internal.replaceAll('ipc:///var/run/zurl/', 'ipc://{rundir}/{ipc_prefix}').split('\n[handler]')[0]!.replace('[proxy]', '');
  const handlerInternal = internal.split('\n[handler]')[1]!;
  return `[global]
rundir=${dir}/run
ipc_prefix=pushpin-
port_offset=0
stats_connection_ttl=120
stats_connection_send=false

[runner]
services=condure,zurl,pushpin-proxy,pushpin-handler
http_port=127.0.0.1:${ports.http}
logdir=${dir}/log
log_level=2
client_buffer_size=8192
client_maxconn=50000
condure_bin=condure
zurl_bin=zurl

[proxy]
${proxyInternal}
routesfile=${dir}/routes
debug=false
auto_cross_origin=false
accept_x_forwarded_protocol=false
set_x_forwarded_protocol=proto-only
x_forwarded_for=
x_forwarded_for_trusted=
orig_headers_need_mark=
accept_pushpin_route=false
log_from=false
log_user_agent=false
sig_iss=pushpin
sig_key=${sigKey}
upstream_key=
updates_check=off
organization_name=

[handler]
${handlerInternal}
push_in_spec=tcp://127.0.0.1:${ports.pushIn}
push_in_sub_specs=tcp://127.0.0.1:${ports.pushSub}
push_in_sub_connect=false
push_in_http_addr=127.0.0.1
push_in_http_port=${ports.publish}
push_in_http_max_headers_size=10000
push_in_http_max_body_size=1000000
stats_spec=ipc://{rundir}/{ipc_prefix}stats
command_spec=tcp://127.0.0.1:${ports.command}
message_rate=${messageRate}
message_hwm=${Math.max(25_000, messageRate * 10)}
message_wait=5000
id_cache_ttl=60
connection_subscription_max=20
subscription_linger=60
stats_subscription_ttl=60
stats_report_interval=10
stats_format=tnetstring
`;
}

/** Is something answering HTTP on `port` yet (any status: the proxy answers 502 while the app is away)? */
async function answers(port: number, path = '/'): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/** Starts Pushpin in front of the app listening on `upstreamPort`; resolves once both its ports answer. */
/**
 * `messageRate`: how many messages a second the handler delivers to readers, over all of them
 * (the package's 2,500 would take 8 s to give one entry to 20,000 readers; a big site raises it).
 */
export async function startPushpin(upstreamPort: number, sigKey: string, options: { messageRate?: number } = {}): Promise<Pushpin> {
  const binary = ensureInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-pushpin-'));
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(path.join(dir, 'log'));
  const ports = { http: await freePort(), pushIn: await freePort(), publish: await freePort(), pushSub: await freePort(), command: await freePort() };
  fs.writeFileSync(path.join(dir, 'routes'), `* 127.0.0.1:${upstreamPort}\n`);
  fs.writeFileSync(path.join(dir, 'pushpin.conf'), config(dir, ports, sigKey, options.messageRate ?? 2500));
  let output = '';
  const child: ChildProcess = spawn(binary, ['--config', path.join(dir, 'pushpin.conf'), '--merge-output'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const logs = () => {
    const files = fs.existsSync(path.join(dir, 'log')) ? fs.readdirSync(path.join(dir, 'log')) : [];
    return output + files.map((file) => `--- ${file}\n${fs.readFileSync(path.join(dir, 'log', file), 'utf8')}`).join('\n');
  };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!((await answers(ports.http, '/healthz')) && (await answers(ports.publish)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = logs();
      await stop();
      throw new Error(`Pushpin did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { pid: child.pid!, port: ports.http, gripUrl: `http://127.0.0.1:${ports.publish}/?verify-key=${encodeURIComponent(sigKey)}`, logs, stop };
}
