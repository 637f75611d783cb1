import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { articles, listAuthors, listEditions, listSections } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, text } from '../../web/forms/schema.ts';
import { actorOf, staffOf } from '../../web/principal.ts';
import { editorsOf } from '../presence/repository.ts';
import { assertMay } from '../rights/rights.ts';
import { NewsroomHome } from './home-page.tsx';
import { ListQuery, readListFilters } from './list-filters.ts';
import { staffOnly } from './route-access.ts';

const NewArticleForm = formBody({ headline: text(), section: text() });

/** The newsroom's front page: the article list with its filters, and starting a new article. */
export function registerHomeRoutes(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const { state, formPost } = kit;
  const page = kit.newsroomPage;
  const db = ctx.database.db;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  async function homePage(role: string, query: ListQuery, reply: FastifyReply, error?: string) {
    const [sections, authors, editions] = await Promise.all([listSections(db), listAuthors(db), listEditions(db)]);
    const choices = {
      sections: sections.map((x) => ({ value: x.slug, label: x.name })),
      authors: authors.map((x) => ({ value: x.slug, label: x.name })),
      editions: editions.map((x) => ({ value: x.code, label: x.name })),
    };
    const filters = readListFilters(query, choices);
    const list = await articles.listArticles(db, { ...filters, matchPrefix: true, limit: 50 });
    const editing = await editorsOf(
      db,
      list.items.map((a) => a.id),
      ctx.now(),
    );
    const items = list.items.map((a) => ({
      id: a.id,
      headline: a.headline,
      status: a.status,
      section: a.section.name,
      modifiedAt: a.modifiedAt.toISOString(),
      authors: a.authors.map((x) => x.name),
      editing: editing.filter((e) => e.articleId === a.id).map((e) => e.name),
    }));
    const home = (
      <NewsroomHome items={items} filters={filters} choices={choices} next={list.nextCursor} role={role} state={state(reply, '/newsroom', { error })} />
    );
    return page(reply, 'Newsroom', home, error ? 422 : 200);
  }

  typed.get('/newsroom', { config: staffOnly, schema: { hide: true, querystring: ListQuery } }, (request, reply) =>
    homePage(staffOf(request).role, request.query, reply),
  );

  formPost(
    '/newsroom/articles',
    { config: staffOnly, schema: { hide: true, body: NewArticleForm } },
    async (request, body) => {
      const staff = staffOf(request);
      assertMay(staff.role, 'create', 'draft');
      const headline = (body.headline ?? '').trim();
      if (!headline) throw new AppError('invalid', 'Give the article a headline to start with; it can change later.', 'headline');
      const created = await articles.createArticle(ctx, { headline, section: body.section ?? '' }, actorOf(request, ctx.now()));
      return `/newsroom/articles/${created.id}`;
    },
    // The form is shown again over the unfiltered list: its own address carries no filters.
    (request, reply, error) => homePage(staffOf(request).role, {}, reply, error),
  );
}
