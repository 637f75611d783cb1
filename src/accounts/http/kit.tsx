import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext } from '../../context.ts';
import { AppError, HTTP_STATUS } from '../../platform/errors.ts';
import type { EditionView, PageMeta } from '../../web/document/model.ts';
import type { SiteDirectory } from '../../site/directory.ts';
import { safeReturnTo, type AccountsDeps } from '../flows/deps.ts';
import type { SignedIn } from '../flows/sign-in.ts';
import { endSession } from '../sessions/service.ts';
import { setSessionCookie } from './cookies.ts';
import type { FormState } from '../../web/forms/components.tsx';
import { MessagePage } from './pages/sign-in.tsx';


export interface SitePages {
  directory: SiteDirectory;
  document(edition: EditionView, meta: PageMeta, page: VNode): Promise<Buffer>;
}

export type Form = Record<string, string | undefined>;

export const publicPage = { access: 'public', html: true } as const;
export const accountPage = { access: 'account', html: true } as const;

/**
 * What every account page and form shares: rendering in the site's layout (never cached),
 * form state with its CSRF token, signing a browser in, and showing a form again with the
 * reason it was refused.
 */
export function accountKit(app: FastifyInstance, ctx: AppContext, pages: SitePages) {
  const deps: AccountsDeps = { database: ctx.database, publicUrl: ctx.config.publicUrl, siteName: ctx.config.siteName, now: ctx.now };
  const names = app.cookieNames;
  const client = (request: FastifyRequest) => ({ userAgent: String(request.headers['user-agent'] ?? ''), ip: request.ip, network: request.network });

  async function page(reply: FastifyReply, title: string, body: VNode, status = 200, meta: Partial<PageMeta> = {}) {
    const site = await pages.directory.site();
    const edition = await pages.directory.defaultEdition();
    const html = await pages.document(edition, { title: `${title} | ${site.name}`, description: '', canonical: `${site.publicUrl}/account`, robots: 'noindex', ...meta }, body);
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
  }

  const state = (reply: FastifyReply, returnTo: unknown, extra: Partial<FormState> = {}): FormState => ({ csrf: reply.generateCsrf(), returnTo: safeReturnTo(returnTo), ...extra });
  const query = (request: FastifyRequest) => request.query as Record<string, unknown>;
  const form = (request: FastifyRequest) => (request.body ?? {}) as Form;

  /** Signs the browser in: the session it had (if any) ends, so the token always changes. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) {
    await endSession(ctx.database.db, request.cookies[names.session]);
    setSessionCookie(reply, names, signedIn.session.token, signedIn.session.expiresAt);
    if (!signedIn.session.complete) return reply.redirect(`/account/sign-in/second-factor?returnTo=${encodeURIComponent(signedIn.returnTo)}`, 303);
    return reply.redirect(signedIn.returnTo, 303);
  }

  /** Expected failures of a form: the same page again, with the message and what was typed. */
  async function retry(reply: FastifyReply, error: unknown, render: (message: string) => VNode) {
    if (!(error instanceof AppError) || error.code === 'too_many_requests') throw error;
    return page(reply, 'Please check', render(error.message), error.code === 'gone' ? 410 : error.code === 'bad_request' ? 400 : 422);
  }

  // Errors a form route does not handle itself (CSRF, rate limits) still get a page.
  app.htmlErrorPage = async (request, reply, error) => {
    if (error.code === 'unauthorized' && request.method === 'GET') return reply.redirect(`/account/sign-in?returnTo=${encodeURIComponent(safeReturnTo(request.url))}`, 303);
    return page(reply, 'Something needs attention', <MessagePage title="Something needs attention" message={error.message} link={request.url.startsWith('/newsroom') ? { href: '/newsroom', label: 'Back to the newsroom' } : { href: '/account', label: 'Back to your account' }} />, HTTP_STATUS[error.code]);
  };

  const values = (body: Form, keys: string[]) => Object.fromEntries(keys.map((k) => [k, body[k] ?? '']));

  /**
   * A form post: `work` returns where to go next; the errors a reader can correct show the form
   * again through `again`, anything else goes to the error handler.
   */
  function formPost(
    url: string,
    options: RouteShorthandOptions,
    work: (request: FastifyRequest, body: Form) => Promise<string>,
    again: (request: FastifyRequest, reply: FastifyReply, message: string) => unknown,
  ) {
    app.post(url, options, async (request, reply) => {
      let next: string;
      try {
        next = await work(request, form(request));
      } catch (error) {
        if (!(error instanceof AppError) || !['invalid', 'bad_request', 'not_found', 'conflict'].includes(error.code)) throw error;
        return again(request, reply, error.message);
      }
      return reply.redirect(next, 303);
    });
  }

  return { deps, names, client, page, state, query, form, signIn, retry, values, formPost, pages };
}

export type AccountKit = ReturnType<typeof accountKit>;
