/**
 * Accounts: what a sign-in costs and how fast `/api/me` answers. Not a test.
 *
 *   npm run bench:accounts
 *
 * Sign-ins run in this process through inject(), one at a time (so one core does the argon2id
 * work) and then two at a time, each from its own address so the per-network limit does not
 * interfere. `/api/me` is loaded with wrk (autocannon without it) against the real server in its
 * own process, with a signed-in session cookie.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createTestApp } from '../test/support/app.ts';
import { Agent } from '../test/support/agent.ts';
import { hashPassword, checkPassword } from '../src/accounts/credentials/passwords.ts';
import { insertUser } from '../src/accounts/users/repository.ts';
import { startSession } from '../src/accounts/sessions/service.ts';
import { openDatabase } from '../src/platform/db/open.ts';
import { run, startServer, stopServer } from './lib.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function signIns() {
  const t = await createTestApp();
  const email = 'bench@example.org';
  await insertUser(t.db.database.db, {
    id: crypto.randomUUID(),
    email,
    emailKey: email,
    displayName: 'Bench',
    passwordHash: await hashPassword('a long enough passphrase'),
  });
  const once = async (i: number) => {
    const agent = new Agent(t.app, `10.1.${i >> 8}.${i & 255}`);
    const response = await agent.submit('/account/sign-in', '/account/sign-in', { email, password: 'a long enough passphrase', returnTo: '/' });
    if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
  };
  for (let i = 0; i < 3; i++) await once(i);
  const N = 40;
  let started = performance.now();
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    await once(100 + i);
    times.push(performance.now() - s);
  }
  const sequential = N / ((performance.now() - started) / 1000);
  started = performance.now();
  let next = 200;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < 200 + N) await once(next++);
    }),
  );
  const twoAtATime = N / ((performance.now() - started) / 1000);
  // The hash alone, for the parameters' cost.
  const stored = await hashPassword('a long enough passphrase');
  const verify: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    await checkPassword(stored, 'a long enough passphrase');
    verify.push(performance.now() - s);
  }
  await t.close();
  return {
    argon2idVerifyMedianMs: Number(median(verify).toFixed(1)),
    signInRequestMedianMs: Number(median(times).toFixed(1)),
    signInsPerSecondOneCore: Math.round(sequential * 10) / 10,
    signInsPerSecondTwoAtATime: Math.round(twoAtATime * 10) / 10,
  };
}

async function me() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-accounts-'));
  const env = { DATA_DIR: dataDir, MASTHEAD_DEMO: '0' };
  await run(['migrate'], env);
  // A session made directly in the database the server will use.
  const database = await openDatabase({ dataDir });
  const user = await insertUser(database.db, { id: crypto.randomUUID(), email: 'me@example.org', emailKey: 'me@example.org', displayName: 'Me' });
  const { token } = await startSession(database.db, user, 'bench', { userAgent: 'bench', ip: '127.0.0.1' }, new Date());
  await database.close();
  const { server, base } = await startServer(env);
  const cookie = `masthead_session=${token}`;
  const check = (await (await fetch(`${base}/api/me`, { headers: { cookie } })).json()) as { signedIn: boolean };
  if (!check.signedIn) throw new Error('the bench session is not signed in');
  let result: { requestsPerSecond: number; medianMs: number; p99Ms: number };
  try {
    execFileSync('which', ['wrk'], { stdio: 'ignore' });
    const out = execFileSync('wrk', ['-t1', '-c4', '-d8s', '--latency', '-H', `Cookie: ${cookie}`, `${base}/api/me`]).toString();
    const ms = (label: string) => {
      const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out)!;
      return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
    };
    result = { requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1])), medianMs: ms('50%'), p99Ms: ms('99%') };
  } catch {
    const r = await autocannon({ url: `${base}/api/me`, connections: 4, duration: 8, headers: { cookie } });
    result = { requestsPerSecond: Math.round(r.requests.average), medianMs: r.latency.p50, p99Ms: r.latency.p99 };
  }
  await stopServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return result;
}

console.log(JSON.stringify({ signIn: await signIns(), apiMe: await me() }, null, 2));
