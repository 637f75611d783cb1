import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerMatches } from './access.ts';

/**
 * The metrics port (METRICS_PORT): a plain HTTP server of its own, so Prometheus scrapes it
 * apart from readers' traffic, on loopback unless METRICS_HOST opens it. With METRICS_TOKEN set
 * it asks for the token here too. Answers `GET /metrics` and nothing else.
 */
export async function serveMetrics(
  options: { host: string; port: number; token: string | undefined },
  read: () => Promise<{ contentType: string; body: string }>,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return void res.writeHead(404).end();
    if (options.token !== undefined && !bearerMatches(req.headers.authorization, options.token))
      return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    read().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body),
      (error: unknown) => {
        // The scraper is told that it failed, not why: a database error's text is not for it. The process's own error output says.
        process.stderr.write(`masthead: metrics could not be collected (${(error as Error).name})\n`);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
