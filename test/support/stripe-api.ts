import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeCall {
  path: string;
  params: URLSearchParams;
  idempotencyKey: string | undefined;
}

type Session = Record<string, unknown> & { id: string };

/**
 * A stand-in for Stripe's API on 127.0.0.1, speaking its documented protocol as far as
 * Masthead uses it: form-encoded POSTs with a Bearer secret key, JSON answers for creating and
 * retrieving a Checkout Session, for a customer portal session, for the invoice a payment paid, for cancelling a subscription (`sub_unknown…` is one Stripe does not know), and for
 * deleting a customer (known once a subscription names it). Records every call for tests to
 * read; `pay` finishes a session as the reader paying on Stripe's page would, `down` makes every
 * request fail as an outage would, and `downFor` only the requests whose path it matches.
 */
export async function startStripeApi(secretKey: string, options: { pages?: boolean } = {}) {
  /** With `pages`, Checkout and the customer portal are served here too, on this stand-in's own origin (another origin than the site's). */
  let own = '';
  const pagesBase = (host: string) => (options.pages ? own : `https://${host}`);
  const calls: StripeCall[] = [];
  const sessions = new Map<string, Session>();
  /** PaymentIntent id to the invoice it paid. */
  const invoicePayments = new Map<string, string>();
  const subscriptions = new Map<string, Session>();
  /** Customers Stripe keeps (with the address and name they paid with) until deleted. */
  const customers = new Set<string>();
  const state: { down: boolean; downFor: RegExp | null } = { down: false, downFor: null };
  let n = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (c) => (body += c));
    request.on('end', () => {
      const pagePath = /^\/(c\/pay|p\/session)\/([\w]+)$/.exec(request.url ?? '');
      if (options.pages && request.method === 'GET' && pagePath) {
        const title = pagePath[1] === 'c/pay' ? 'Checkout (Stripe stand-in)' : 'Customer portal (Stripe stand-in)';
        return response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<!doctype html><title>${title}</title><h1>${title}</h1><p>${pagePath[2]}</p>`);
      }
      const send = (status: number, json: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++n}` }).end(JSON.stringify(json));
      if (request.headers.authorization !== `Bearer ${secretKey}`)
        return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      const url = new URL(request.url ?? '/', 'http://stripe.test');
      // Stripe's API takes parameters in the query on GET, form-encoded in the body otherwise.
      const params = request.method === 'GET' ? url.searchParams : new URLSearchParams(body);
      calls.push({ path: request.url ?? '', params, idempotencyKey: request.headers['idempotency-key'] as string | undefined });
      if (state.down || state.downFor?.test(url.pathname)) return send(500, { error: { type: 'api_error', message: 'An unexpected error occurred' } });
      if (request.method === 'POST' && request.url === '/v1/checkout/sessions') {
        const id = `cs_test_${String(++n).padStart(8, '0')}`;
        const session: Session = {
          id,
          object: 'checkout.session',
          mode: params.get('mode'),
          status: 'open',
          payment_status: 'unpaid',
          amount_total: Number(params.get('line_items[0][price_data][unit_amount]')) * Number(params.get('line_items[0][quantity]') ?? 1),
          currency: params.get('line_items[0][price_data][currency]'),
          client_reference_id: params.get('client_reference_id'),
          customer_email: params.get('customer_email'),
          metadata: { checkout_id: params.get('metadata[checkout_id]'), frequency: params.get('metadata[frequency]') },
          customer: null,
          subscription: null,
          customer_details: null,
          url: `${pagesBase('checkout.stripe.com')}/c/pay/${id}`,
        };
        sessions.set(id, session);
        return send(200, session);
      }
      if (request.method === 'GET' && url.pathname === '/v1/invoice_payments') {
        const intent = params.get('payment[payment_intent]') ?? '';
        const invoice = params.get('payment[type]') === 'payment_intent' ? invoicePayments.get(intent) : undefined;
        const data = invoice
          ? [{ id: `inpay_${intent}`, object: 'invoice_payment', invoice, payment: { type: 'payment_intent', payment_intent: intent }, status: 'paid' }]
          : [];
        return send(200, { object: 'list', data, has_more: false, url: '/v1/invoice_payments' });
      }
      const retrieve = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(request.url ?? '');
      if (request.method === 'GET' && retrieve) {
        const session = sessions.get(retrieve[1]!);
        return session
          ? send(200, session)
          : send(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such checkout.session: '${retrieve[1]}'` } });
      }
      const subscription = /^\/v1\/subscriptions\/([\w]+)$/.exec(url.pathname);
      if (subscription) {
        const found = subscriptions.get(subscription[1]!);
        if (!found)
          return send(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such subscription: '${subscription[1]}'` } });
        if (request.method === 'DELETE') Object.assign(found, { status: 'canceled', canceled_at: Math.floor(Date.now() / 1000) });
        if (request.method === 'POST') {
          if (found.status === 'canceled')
            return send(400, {
              error: { type: 'invalid_request_error', message: 'A canceled subscription can only update its cancellation_details and metadata.' },
            });
          const item = (found.items as { data: { id: string; price: Record<string, unknown> }[] }).data[0]!;
          if (params.get('items[0][id]') !== item.id || params.get('items[0][price_data][product]') !== item.price.product)
            return send(400, { error: { type: 'invalid_request_error', message: 'Unknown subscription item or product' } });
          item.price = {
            id: `price_${++n}`,
            object: 'price',
            product: item.price.product,
            unit_amount: Number(params.get('items[0][price_data][unit_amount]')),
            currency: params.get('items[0][price_data][currency]'),
            recurring: { interval: params.get('items[0][price_data][recurring][interval]') },
          };
        }
        return send(200, found);
      }
      const customer = /^\/v1\/customers\/([\w]+)$/.exec(url.pathname);
      if (request.method === 'DELETE' && customer) {
        // As Stripe does: a deleted customer is gone (asked again, it is unknown), and its subscriptions end with it.
        if (!customers.delete(customer[1]!))
          return send(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such customer: '${customer[1]}'` } });
        for (const sub of subscriptions.values())
          if (sub.customer === customer[1]) Object.assign(sub, { status: 'canceled', canceled_at: Math.floor(Date.now() / 1000) });
        return send(200, { id: customer[1], object: 'customer', deleted: true });
      }
      if (request.method === 'POST' && request.url === '/v1/billing_portal/sessions')
        return send(200, { id: `bps_${++n}`, object: 'billing_portal.session', url: `${pagesBase('billing.stripe.com')}/p/session/test_${n}` });
      send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${request.url})` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  own = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: own,
    calls,
    /** The reader pays on Stripe's page: the session completes (a bank debit stays "unpaid" until it settles). */
    pay(id: string, paid: { paymentStatus: 'paid' | 'unpaid'; country: string; subscription?: string; customer?: string }) {
      const session = sessions.get(id)!;
      Object.assign(session, {
        status: 'complete',
        payment_status: paid.paymentStatus,
        subscription: paid.subscription ?? null,
        customer: paid.customer ?? null,
        customer_details: { email: session.customer_email, address: { country: paid.country } },
      });
    },
    /** A subscription as Stripe keeps it (one item, one price), for changing and cancelling. */
    subscribe(id: string, plan: { customer: string; amountMinor: number; currency: string; interval: 'month' | 'year' }) {
      const price = {
        id: `price_${++n}`,
        object: 'price',
        product: `prod_${n}`,
        unit_amount: plan.amountMinor,
        currency: plan.currency,
        recurring: { interval: plan.interval },
      };
      customers.add(plan.customer);
      subscriptions.set(id, {
        id,
        object: 'subscription',
        status: 'active',
        customer: plan.customer,
        items: { object: 'list', data: [{ id: `si_${++n}`, object: 'subscription_item', price }] },
        metadata: {},
      });
    },
    subscriptions,
    customers,
    /** A PaymentIntent paid this invoice (a charge of a subscription). */
    paidInvoice(paymentIntent: string, invoice: string) {
      invoicePayments.set(paymentIntent, invoice);
    },
    set down(value: boolean) {
      state.down = value;
    },
    set downFor(path: RegExp | null) {
      state.downFor = path;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
