import crypto from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * One browser, as far as the server can tell: keeps the cookies it is given and sends them
 * back, reads CSRF tokens out of forms, and posts forms the way a browser does.
 */
export class Agent {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '203.0.113.10',
  ) {}

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      const expired = (c.expires && new Date(c.expires).getTime() <= Date.now()) || c.maxAge === 0 || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  private get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader, ...headers } }));
  }

  /** A form post; pairs allow a field more than once (checkbox groups). */
  async post(url: string, form: Record<string, string> | [string, string][], headers: Record<string, string> = {}) {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(form).toString(),
      }),
    );
  }

  async postJson(url: string, body: unknown, csrf: string) {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/json', 'x-csrf-token': csrf },
        payload: JSON.stringify(body),
      }),
    );
  }

  /** A JSON call as the newsroom's islands make it: cookies, CSRF header, JSON both ways. */
  async json(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, csrf?: string) {
    return this.keep(
      await this.app.inject({
        method,
        url,
        remoteAddress: this.ip,
        headers: {
          cookie: this.cookieHeader,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      }),
    );
  }

  /** A multipart upload (from test/support/app.ts `multipart`) with the CSRF header. */
  async upload(url: string, form: { payload: Buffer; headers: Record<string, string> }, csrf: string) {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { cookie: this.cookieHeader, 'x-csrf-token': csrf, ...form.headers },
        payload: form.payload,
      }),
    );
  }

  /**
   * GETs the page holding a form and posts it with its CSRF token, as a reader submitting it
   * would; where the page sets a sign-up check, solves it as the browser's island does.
   */
  async submit(pageUrl: string, action: string, form: Record<string, string>) {
    const page = await this.get(pageUrl);
    const csrf = csrfOf(page.body);
    const proof = solveProofOfWork(page.body);
    return this.post(action, { _csrf: csrf, ...(proof ? { altcha: proof } : {}), ...form });
  }

  async me(): Promise<{ signedIn: boolean; csrfToken: string; user?: { id: string; displayName: string; role: string; emailVerified: boolean } }> {
    return (await this.get('/api/me?csrf=1')).json();
  }
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no CSRF token in the page: ${html.slice(0, 300)}`);
  return match[1]!;
}

/** The answer the proof-of-work island computes in the browser, computed here. */
export function solveProofOfWork(html: string): string | null {
  const match = /data-island="proof-of-work"[^>]*data-props="([^"]+)"/.exec(html);
  if (!match) return null;
  const { challenge } = JSON.parse(match[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as {
    challenge: { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };
  };
  // One-shot crypto.hash: about a third of createHash's time, and sign-ups are many in the tests.
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (crypto.hash('sha256', challenge.salt + n) === challenge.challenge) {
      return Buffer.from(
        JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number: n, salt: challenge.salt, signature: challenge.signature }),
      ).toString('base64');
    }
  }
  throw new Error('the sign-up check has no answer');
}
