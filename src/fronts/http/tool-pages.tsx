import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { listAuthors, listSections, listTopics } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { UUID } from '../../platform/ids.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { EDITOR_ROLES } from '../../web/roles.ts';
import { formBody, text } from '../../web/forms/schema.ts';
import { actorOf } from '../../web/principal.ts';
import { describeFront, listAllFronts } from '../directory.ts';
import type { FrontScope } from '../model.ts';
import { readDraft } from '../read-repository.ts';
import { openFront } from '../service.ts';
import { FrontsListPage, FrontToolPage } from './tool-views.tsx';
import { registerToolStylesheet, toolStylesheet } from './tool-stylesheet.ts';

/** The fronts tool's pages are for the people who decide what readers see, on a strong session. */
export const editorsOnly = { access: 'account', html: true, roles: EDITOR_ROLES, strong: true } as const;

/** Any text: an id that is not a front's is a 404. */
const FrontParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** The list's "open" buttons name their front's scope: an edition's code or a section's id. */
const OpenForm = formBody({ edition: text(20), sectionId: text(100) });

/**
 * The fronts tool's pages: the list of every front (an unopened one is opened, its draft made
 * from the starting layout, by its button) and the tool's page for one front, the island given
 * the choices its containers' sources offer.
 */
export function registerToolPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const db = ctx.database.db;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  registerToolStylesheet(app);

  async function listPage(reply: FastifyReply, error?: string) {
    const fronts = await listAllFronts(db, ctx.urls);
    const page = <FrontsListPage fronts={fronts} state={kit.state(reply, '/newsroom/fronts', { error })} stylesheet={await toolStylesheet()} />;
    return kit.newsroomPage(reply, 'Fronts', page, error ? 422 : 200);
  }

  typed.get('/newsroom/fronts', { config: editorsOnly, schema: { hide: true } }, (_request, reply) => listPage(reply));

  kit.formPost(
    '/newsroom/fronts/open',
    { config: editorsOnly, schema: { hide: true, body: OpenForm } },
    async (request, body) => {
      const scope: FrontScope | null = body.edition
        ? { kind: 'edition', edition: body.edition }
        : body.sectionId && UUID.test(body.sectionId)
          ? { kind: 'section', sectionId: body.sectionId.toLowerCase() }
          : null;
      if (!scope) throw new AppError('bad_request', 'Choose an edition or a section to open its front.');
      const id = await openFront(ctx, scope, actorOf(request, ctx.now()));
      return `/newsroom/fronts/${id}`;
    },
    (_request, reply, message) => listPage(reply, message),
  );

  typed.get('/newsroom/fronts/:id', { config: editorsOnly, schema: { hide: true, params: FrontParams } }, async (request, reply) => {
    const id = request.params.id;
    const draft = UUID.test(id) ? await readDraft(db, id.toLowerCase()) : null;
    if (!draft) throw new AppError('not_found', 'There is no such front.');
    const [sections, topics, authors, described] = await Promise.all([
      listSections(db),
      listTopics(db),
      listAuthors(db),
      describeFront(db, ctx.urls, draft.scope),
    ]);
    if (!described) throw new AppError('not_found', 'This front’s edition or section no longer exists.');
    const { name, url } = described;
    const pick = (rows: { id: string; name: string }[]) => rows.map(({ id, name }) => ({ id, name }));
    const props = {
      frontId: draft.frontId,
      csrf: reply.generateCsrf(),
      choices: { sections: pick(sections), topics: pick(topics), authors: pick(authors) },
    };
    return kit.newsroomPage(reply, `Fronts: ${name}`, <FrontToolPage name={name} url={url} props={props} stylesheet={await toolStylesheet()} />);
  });
}
