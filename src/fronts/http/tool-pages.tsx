import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { listAuthors, listEditions, listSections, listTopics } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { UUID } from '../../platform/ids.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { EDITOR_ROLES } from '../../web/roles.ts';
import { readDraft } from '../read-repository.ts';
import { FrontToolPage } from './tool-views.tsx';
import { registerToolStylesheet, toolStylesheet } from './tool-stylesheet.ts';

/** The fronts tool's pages are for the people who decide what readers see, on a strong session. */
export const editorsOnly = { access: 'account', html: true, roles: EDITOR_ROLES, strong: true } as const;

/** Any text: an id that is not a front's is a 404. */
const FrontParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** The tool's page for one front: the island, given the choices its containers' sources offer. */
export function registerToolPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const db = ctx.database.db;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  registerToolStylesheet(app);

  typed.get('/newsroom/fronts/:id', { config: editorsOnly, schema: { hide: true, params: FrontParams } }, async (request, reply) => {
    const id = request.params.id;
    const draft = UUID.test(id) ? await readDraft(db, id.toLowerCase()) : null;
    if (!draft) throw new AppError('not_found', 'There is no such front.');
    const [sections, topics, authors, editions] = await Promise.all([listSections(db), listTopics(db), listAuthors(db), listEditions(db)]);
    const scope = draft.scope;
    const section = scope.kind === 'section' ? sections.find((s) => s.id === scope.sectionId) : undefined;
    const edition = scope.kind === 'edition' ? editions.find((e) => e.code === scope.edition) : undefined;
    const name = section ? `${section.name} section front` : `${edition?.name ?? 'Edition'} front page`;
    const url = section ? ctx.urls.section(section.slug) : ((await kit.pages.directory.edition(edition?.code ?? ''))?.url ?? '/');
    const pick = (rows: { id: string; name: string }[]) => rows.map(({ id, name }) => ({ id, name }));
    const props = {
      frontId: draft.frontId,
      csrf: reply.generateCsrf(),
      choices: { sections: pick(sections), topics: pick(topics), authors: pick(authors) },
    };
    return kit.newsroomPage(reply, `Fronts: ${name}`, <FrontToolPage name={name} url={url} props={props} stylesheet={await toolStylesheet()} />);
  });
}
