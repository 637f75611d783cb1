import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './manifest.ts';

/**
 * PostgreSQL's own pg_dump and pg_restore. pg_dump must be at least the server's major version
 * (an older one refuses, and a newer server's dump may not load into an older pg_restore), so
 * the tool is chosen by version: Debian keeps each installed major in /usr/lib/postgresql/N/bin.
 */
type Tool = 'pg_dump' | 'pg_restore';

const majorOf = (binary: string): number | null => {
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const match = /\(PostgreSQL\) (\d+)/.exec(out.stdout ?? '');
  return match ? Number(match[1]) : null;
};

/** Pure: among the candidates' majors, the lowest that is at least the server's (closest to it); null if none. */
export function pickTool(candidates: { binary: string; major: number | null }[], serverMajor: number): string | null {
  const fitting = candidates.filter((c): c is { binary: string; major: number } => c.major !== null && c.major >= serverMajor);
  fitting.sort((a, b) => a.major - b.major);
  return fitting[0]?.binary ?? null;
}

export function findTool(tool: Tool, serverMajor: number): string {
  const candidates: string[] = [];
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) for (const major of fs.readdirSync(debian)) candidates.push(path.join(debian, major, 'bin', tool));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, tool));
  const found = pickTool(
    candidates.filter((binary) => fs.existsSync(binary)).map((binary) => ({ binary, major: majorOf(binary) })),
    serverMajor,
  );
  if (!found)
    throw new BackupError(
      `${tool} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server and none was found: install PostgreSQL's client tools of that version (on Debian, postgresql-client-${serverMajor}).`,
    );
  return found;
}

/**
 * How to reach the database without the password on the command line (where any user of the
 * machine could read it in the process list): the URL without it, and the password in PGPASSWORD.
 */
export function connectionFor(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  // libpq also takes the password as a query parameter: that one must not reach the command line either.
  const password = decodeURIComponent(url.password) || (url.searchParams.get('password') ?? '');
  url.password = '';
  url.searchParams.delete('password');
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a tool to its end; its error output (never the password, which is not on its command line) in the message when it fails. */
export function runTool(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${path.basename(binary)} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}
