import type { VNode } from 'preact';
import { AppError } from '../platform/errors.ts';
import { Layout } from '../web/document/layout.tsx';
import type { EditionView, PageMeta } from '../web/document/model.ts';
import { NoticePage } from '../web/document/notice.tsx';
import { renderDocument } from '../web/document/render.tsx';
import type { SiteDirectory } from './directory.ts';
import type { Rendered } from './reader-pages.ts';

/** The reader layout around a page, and the notice pages (400, 404, 410) expected failures become. */
export function readerDocuments(directory: SiteDirectory) {
  const document = async (edition: EditionView, meta: PageMeta, page: VNode, query?: string) =>
    renderDocument(
      <Layout site={await directory.site()} edition={edition} meta={meta} query={query}>
        {page}
      </Layout>,
    );

  /** `editionCode`: the edition the reader was in (its menus and language); the default otherwise. */
  async function notice(status: 400 | 404 | 410, keys: string[] = [], editionCode?: string): Promise<Rendered> {
    const edition = (editionCode && (await directory.edition(editionCode))) || (await directory.defaultEdition());
    const site = await directory.site();
    const body = await document(
      edition,
      {
        title: `${status === 410 ? 'Withdrawn' : status === 404 ? 'Not found' : 'Bad request'} | ${site.name}`,
        description: '',
        canonical: site.publicUrl,
        robots: 'noindex',
      },
      <NoticePage status={status} />,
    );
    return { status, body, keys, cacheable: status === 410 };
  }

  /** Expected failures become reader pages; anything else goes to the error handler. */
  async function failure(error: unknown): Promise<Rendered> {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'gone') return notice(410, (error.details?.keys as string[] | undefined) ?? []);
    if (error.code === 'not_found') return notice(404);
    if (error.code === 'bad_request' || error.code === 'invalid') return notice(400);
    throw error;
  }

  return { document, notice, failure };
}
