import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EditionCode, SlugParams, srcsetOf, taxonomy, taxonomyReads, type CardPicture, type CardView } from '../content/index.ts';
import type { AppContext } from '../context.ts';
import { ContainerLayoutSchema, type FrontScope } from '../fronts/index.ts';
import { AppError } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/responses.ts';
import { readFrontForApi } from '../site/index.ts';

/**
 * Fronts in the Content API: the containers an edition's front page or a section's page shows,
 * in order, each with its stories as readers see them (the front's overrides applied,
 * unpublished stories gone, automatic containers filled). The same composition as the site.
 */

const Picture = Type.Object({
  id: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  alt: Type.String(),
  focal: Type.Object({ x: Type.Number(), y: Type.Number() }, { description: 'What stays in view when the picture is cropped (0-1 across and down).' }),
  src: Type.Union([Type.String(), Type.Null()]),
  srcset: Type.String(),
  type: Type.String(),
});

const Story = Type.Object({
  id: Type.String(),
  url: Type.String(),
  headline: Type.String({ description: 'The front’s headline when editors set one, else the article’s.' }),
  trail: Type.String(),
  kicker: Type.String(),
  boosted: Type.Boolean({ description: 'Editors asked for this story to be shown bigger.' }),
  section: Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String() }),
  picture: Type.Union([Picture, Type.Null()]),
  writers: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), face: Type.Union([Picture, Type.Null()]) })),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
});

const Front = Type.Object({
  containers: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      layout: ContainerLayoutSchema,
      stories: Type.Array(Story),
    }),
  ),
});

/** The API's pictures keep `srcset` as the attribute's string; the site's cards carry its candidates as data. */
const apiPicture = ({ candidates, ...picture }: CardPicture) => ({ ...picture, srcset: srcsetOf(candidates) });
const apiStory = <Card extends CardView>(card: Card) => ({
  ...card,
  picture: card.picture && apiPicture(card.picture),
  writers: card.writers.map((w) => ({ ...w, face: w.face && apiPicture(w.face) })),
});

const EditionParams = Type.Object({ edition: EditionCode });
const config = { access: 'public' } as const;
const tags = ['Content: fronts'];

export const contentFrontRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const db = ctx.database.db;
  const front = async (scope: FrontScope) => ({
    containers: (await readFrontForApi(ctx, scope)).map(({ cards, ...container }) => ({ ...container, stories: cards.map(apiStory) })),
  });

  app.get(
    '/fronts/:edition',
    {
      config,
      schema: {
        tags,
        summary: 'An edition’s front page: its containers of stories, in order',
        params: EditionParams,
        response: { 200: Front, ...errorResponses('bad_request', 'not_found') },
      },
    },
    async (request) => {
      const editions = await taxonomyReads.listEditions(db);
      if (!editions.some((e) => e.code === request.params.edition)) throw new AppError('not_found', `No edition "${request.params.edition}".`);
      return front({ kind: 'edition', edition: request.params.edition });
    },
  );

  app.get(
    '/fronts/section/:slug',
    {
      config,
      schema: {
        tags,
        summary: 'A section’s front: its containers of stories, in order',
        params: SlugParams,
        response: { 200: Front, ...errorResponses('bad_request', 'not_found') },
      },
    },
    async (request) => {
      const section = await taxonomy.getSection(db, request.params.slug);
      return front({ kind: 'section', sectionId: section.id });
    },
  );
};
