import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { VNode } from 'preact';
import type { Static, TSchema } from 'typebox';
import { AppError, HTTP_STATUS } from '../../platform/errors.ts';
import type { EditionView, PageMeta, SiteView } from '../document/model.ts';
import { MessagePage, type FormState } from './components.tsx';
import { safeReturnTo } from './return-to.ts';

/** What a page outside the reader site's cache needs from the site: its chrome and its document. */
export interface PageShell {
  directory: {
    site(): Promise<SiteView>;
    edition(code: string): Promise<EditionView | undefined>;
    defaultEdition(): Promise<EditionView>;
  };
  document(edition: EditionView, meta: PageMeta, page: VNode): Promise<Buffer>;
}

export type Form = Record<string, string | undefined>;

export const publicPage = { access: 'public', html: true } as const;
export const accountPage = { access: 'account', html: true } as const;

/**
 * What every private page and form shares, whichever domain it belongs to: rendering in the
 * site's layout (never cached), form state with its CSRF token, and showing a form again with
 * the reason it was refused.
 */
export function formKit(app: FastifyInstance, pages: PageShell) {
  async function page(reply: FastifyReply, title: string, body: VNode, status = 200, meta: Partial<PageMeta> = {}) {
    const site = await pages.directory.site();
    const edition = await pages.directory.defaultEdition();
    const html = await pages.document(
      edition,
      { title: `${title} | ${site.name}`, description: '', canonical: `${site.publicUrl}/account`, robots: 'noindex', ...meta },
      body,
    );
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
  }

  /** Newsroom pages: the same, with the newsroom's stylesheet and island loader. */
  const newsroomPage = (reply: FastifyReply, title: string, body: VNode, status = 200) => page(reply, title, body, status, { loader: 'newsroom' });

  const state = (reply: FastifyReply, returnTo: unknown, extra: Partial<FormState> = {}): FormState => ({
    csrf: reply.generateCsrf(),
    returnTo: safeReturnTo(returnTo),
    ...extra,
  });

  /** Expected failures of a form: the same page again, with the message and what was typed. */
  async function retry(reply: FastifyReply, error: unknown, render: (message: string) => VNode) {
    if (!(error instanceof AppError) || error.code === 'too_many_requests') throw error;
    return page(reply, 'Please check', render(error.message), error.code === 'gone' ? 410 : error.code === 'bad_request' ? 400 : 422);
  }

  // Errors a form route does not handle itself (CSRF, rate limits) still get a page.
  app.htmlErrorPage = async (request, reply, error) => {
    if (error.code === 'unauthorized' && request.method === 'GET')
      return reply.redirect(`/account/sign-in?returnTo=${encodeURIComponent(safeReturnTo(request.url))}`, 303);
    return page(
      reply,
      'Something needs attention',
      <MessagePage
        title="Something needs attention"
        message={error.message}
        link={request.url.startsWith('/newsroom') ? { href: '/newsroom', label: 'Back to the newsroom' } : { href: '/account', label: 'Back to your account' }}
      />,
      HTTP_STATUS[error.code],
    );
  };

  const values = (body: Form, keys: string[]) => Object.fromEntries(keys.map((k) => [k, body[k] ?? '']));

  /**
   * A form post: `work` returns where to go next; the errors a reader can correct show the form
   * again through `again`, anything else goes to the error handler.
   */
  function formPost<Body extends TSchema>(
    url: string,
    options: RouteShorthandOptions & { schema: { body: Body } },
    work: (request: FastifyRequest, body: Static<Body>) => Promise<string>,
    again: (request: FastifyRequest, reply: FastifyReply, message: string) => unknown,
  ): void {
    app.post(url, options, async (request, reply) => {
      let next: string;
      try {
        // The one typed read of a body outside the type provider: the route's schema (required by
        // this signature) validated it before this handler ran, so it has the schema's shape.
        // eslint-disable-next-line no-restricted-syntax
        next = await work(request, request.body as Static<Body>);
      } catch (error) {
        if (!(error instanceof AppError) || !['invalid', 'bad_request', 'not_found', 'conflict'].includes(error.code)) throw error;
        return again(request, reply, error.message);
      }
      return reply.redirect(next, 303);
    });
  }

  return { page, newsroomPage, state, retry, values, formPost, pages };
}

export type FormKit = ReturnType<typeof formKit>;
