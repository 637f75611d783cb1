/**
 * The floor under any Node.js web server: `node:http` answering every request with fixed bytes
 * and the headers a cached Masthead page carries, in as many processes as asked. Started by
 * bench/article-page.ts so the report shows how much of the distance to nginx is Node's own.
 *
 *   node --import tsx bench/bare-node.ts <file> <port> <processes>
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';

const [file, port, processes] = process.argv.slice(2);
const body = fs.readFileSync(file!);
const headers = {
  'content-type': 'text/html; charset=utf-8',
  'content-length': String(body.length),
  'cache-control': 'public, max-age=60, s-maxage=60, stale-while-revalidate=30',
  etag: '"bench"',
  'content-security-policy': "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

if (cluster.isPrimary && Number(processes) > 1) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  for (let i = 0; i < Number(processes); i++) cluster.fork();
} else {
  http.createServer((_request, response) => response.writeHead(200, headers).end(body)).listen(Number(port), '127.0.0.1');
}
