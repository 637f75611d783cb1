/**
 * Shared by the page benchmarks: load a URL with wrk (or autocannon), and serve the same bytes
 * from nginx as the baseline a cached page is compared with.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../scripts/postgres.ts';

export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 64;
export const has = (bin: string) => {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export interface Load {
  rps: number;
  p99ms: number;
  errors: number;
}

/** What a browser asks for: every reader's request carries it, so pages go out compressed. */
export const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

/** `acceptEncoding`: sent as the request's Accept-Encoding (none by default, as wrk sends). */
export async function load(url: string, acceptEncoding?: string): Promise<Load> {
  const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : undefined;
  if (has('wrk')) {
    // Asynchronous, so a server in this same process keeps answering while wrk runs.
    const args = ['-t2', `-c${CONNECTIONS}`, `-d${DURATION}s`, '--latency', ...(acceptEncoding ? ['-H', `Accept-Encoding: ${acceptEncoding}`] : []), url];
    const out = (await promisify(execFile)('wrk', args)).stdout;
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]);
    const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out)!;
    const p99ms = Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1);
    const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors: .*?(\d+)/.exec(out)?.[1] ?? 0);
    return { rps: Math.round(rps), p99ms, errors };
  }
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...(headers ? { headers } : {}) });
  return { rps: Math.round(result.requests.average), p99ms: result.latency.p99, errors: result.errors + result.non2xx };
}

/** `encoding`: the bytes are already compressed this way (nginx sends them as they are, labelled). */
export async function nginx(html: Buffer, workers: number, encoding?: 'br' | 'gzip'): Promise<{ url: string; stop: () => void } | null> {
  const bin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
  if (!bin) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-nginx-'));
  fs.writeFileSync(path.join(dir, 'article.html'), html);
  const port = await freePort();
  const conf = `worker_processes ${workers}; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${port}; location = /article { default_type "text/html; charset=utf-8"; ${encoding ? `add_header Content-Encoding ${encoding};` : ''} alias ${dir}/article.html; } } }`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child = spawn(bin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  await answering(`http://127.0.0.1:${port}/article`);
  return { url: `http://127.0.0.1:${port}/article`, stop: () => child.kill('SIGQUIT') };
}

/** Waits until `url` answers 200 (a baseline server starting). */
export async function answering(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
