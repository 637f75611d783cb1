import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isSlug, presentAdminPage, sitePages } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { UUID } from '../../platform/ids.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, text } from '../../web/forms/schema.ts';
import { actorOf } from '../../web/principal.ts';
import { checked } from './checked.ts';
import { pageApiRoutes, pageEditorView } from './page-api.ts';
import { NewPageForm, PageEditorFrame, PageList } from './site-page-editor-views.tsx';
import { editorsOnly } from './route-access.ts';

/** Any text: an id that is not a page's is a 404, as for a page that is gone. */
const PageParams = Type.Object({ id: Type.String({ maxLength: 1_000 }) });
const NewPageBody = formBody({ title: text(1_000), slug: text(200) });

/** The newsroom's pages for the site's own pages (editors and admins): the list, a new draft, and the block editor. */
export async function registerSitePageEditorPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): Promise<void> {
  const { state, formPost } = kit;
  const page = kit.newsroomPage;
  const db = ctx.database.db;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(pageApiRoutes, { prefix: '/newsroom/api', ctx });

  typed.get('/newsroom/pages', { config: editorsOnly, schema: { hide: true } }, async (_request, reply) => {
    const items = (await sitePages.listPages(db)).map((p) => presentAdminPage(p, ctx.urls));
    return page(reply, 'Pages', <PageList items={items} />);
  });

  const newPage = (reply: FastifyReply, values: { title?: string | undefined; slug?: string | undefined }, error?: string) =>
    page(reply, 'New page', <NewPageForm state={state(reply, '/newsroom/pages', error ? { error } : {})} values={values} />, error ? 422 : 200);

  typed.get('/newsroom/pages/new', { config: editorsOnly, schema: { hide: true } }, (_request, reply) => newPage(reply, {}));

  formPost(
    '/newsroom/pages/new',
    { config: editorsOnly, schema: { hide: true, body: NewPageBody } },
    async (request: FastifyRequest, body) => {
      const title = (body.title ?? '').trim();
      const slug = (body.slug ?? '').trim();
      if (slug && !isSlug(slug)) throw invalid('slug', 'The address takes lower-case letters, digits and single hyphens only.');
      const made = await sitePages.createPage(ctx, { title, ...(slug ? { slug } : {}) }, actorOf(request, ctx.now()));
      return `/newsroom/pages/${made.id}`;
    },
    (request, reply, message) => {
      const body = checked(NewPageBody, request.body);
      return newPage(reply, { title: body.title, slug: body.slug }, message);
    },
  );

  typed.get('/newsroom/pages/:id', { config: editorsOnly, schema: { hide: true, params: PageParams } }, async (request, reply) => {
    if (!UUID.test(request.params.id)) throw new AppError('not_found', 'There is no such page.');
    const found = await sitePages.getPage(db, request.params.id.toLowerCase());
    const props = { ...(await pageEditorView(db, ctx.urls, found)), csrf: reply.generateCsrf() };
    return page(reply, `Editing: ${found.title}`, <PageEditorFrame props={props} title={found.title} />);
  });
}
