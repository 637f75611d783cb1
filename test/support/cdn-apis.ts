import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call a stand-in received: enough to check what each API was told. */
export interface PurgeCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Stand-ins for the purge APIs, at their documented protocol, on one loopback port: Fastly
 * (`POST /service/{id}/purge` with `Surrogate-Key`, `POST /service/{id}/purge_all`; JSON
 * `{status: "ok"}`), Cloudflare (`POST /client/v4/zones/{zone}/purge_cache`; the v4 envelope
 * with `success`), and any other request (a cache's own `PURGE`), answered 200. Every call is
 * recorded; `failing` makes them answer 503 until it is set back.
 */
export async function startCdnApis() {
  const calls: PurgeCall[] = [];
  let failing = false;
  /** While set, answers wait for it: a purge in flight, for as long as a test needs. */
  let held: Promise<void> | null = null;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      calls.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      void (held ?? Promise.resolve()).then(() => respond(req, res));
    });
  });
  const respond = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (failing) return answer(503, { msg: 'Service unavailable' });
    if (/^\/service\/[^/]+\/purge(_all)?$/.test(req.url ?? '') && req.method === 'POST') {
      if (!req.headers['fastly-key']) return answer(401, { msg: 'Provided credentials are missing or invalid' });
      return answer(200, { status: 'ok', id: `${calls.length}` });
    }
    if (/^\/client\/v4\/zones\/[^/]+\/purge_cache$/.test(req.url ?? '') && req.method === 'POST') {
      if (!/^Bearer \S+$/.test(req.headers.authorization ?? ''))
        return answer(403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
      return answer(200, { success: true, errors: [], messages: [], result: { id: `${calls.length}` } });
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Purged');
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    calls,
    fastly: (path: string) => calls.filter((c) => c.path.startsWith('/service/') && c.path.endsWith(path)),
    cloudflare: () => calls.filter((c) => c.path.startsWith('/client/v4/')).map((c) => ({ ...c, json: JSON.parse(c.body) as Record<string, unknown> })),
    own: () => calls.filter((c) => !c.path.startsWith('/service/') && !c.path.startsWith('/client/v4/')),
    setFailing(value: boolean) {
      failing = value;
    },
    /** Holds every answer until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return () => {
        held = null;
        release();
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
