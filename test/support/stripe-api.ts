import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeCall {
  path: string;
  params: URLSearchParams;
  idempotencyKey: string | undefined;
}

/**
 * A stand-in for Stripe's API on 127.0.0.1, speaking its documented protocol as far as
 * Masthead uses it: form-encoded POSTs with a Bearer secret key, JSON answers for creating a
 * Checkout Session and a customer portal session. Records every call for tests to read.
 */
export async function startStripeApi(secretKey: string) {
  const calls: StripeCall[] = [];
  let n = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (c) => (body += c));
    request.on('end', () => {
      const send = (status: number, json: unknown) => response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++n}` }).end(JSON.stringify(json));
      if (request.headers.authorization !== `Bearer ${secretKey}`) return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      const params = new URLSearchParams(body);
      calls.push({ path: request.url ?? '', params, idempotencyKey: request.headers['idempotency-key'] as string | undefined });
      if (request.method === 'POST' && request.url === '/v1/checkout/sessions') {
        const id = `cs_test_${String(++n).padStart(8, '0')}`;
        return send(200, { id, object: 'checkout.session', mode: params.get('mode'), url: `https://checkout.stripe.com/c/pay/${id}` });
      }
      if (request.method === 'POST' && request.url === '/v1/billing_portal/sessions') return send(200, { id: `bps_${++n}`, object: 'billing_portal.session', url: `https://billing.stripe.com/p/session/test_${n}` });
      send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${request.url})` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
