import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { listEditions } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../platform/errors.ts';
import { chooseAsk, currencyOfCountry } from '../asks/choose.ts';
import { countEvent } from '../asks/repository.ts';
import { isSupporter } from '../contributions/repository.ts';
import type { AskSource } from '../asks/source.ts';
import type { AskPage, ReaderContext } from '../asks/types.ts';
import { PATTERN_MESSAGE } from '../../platform/http/validation.ts';
import { hit, type Limit } from '../../platform/rate-limit/service.ts';

/** A reader sends one or two reports a page; more than this from one network is someone inflating a test. */
const ASK_EVENTS_PER_NETWORK: Limit = { max: 300, windowSeconds: 60 };

const Id = Type.String({ maxLength: 64 });
/** Times in ms since the epoch, as the browser keeps them; a year of reading at most. */
const Times = Type.Array(Type.Number({ minimum: 0, maximum: 8.64e15 }), { maxItems: 500 });

const AskBody = Type.Object(
  {
    slot: Type.Union([Type.Literal('epic'), Type.Literal('banner'), Type.Literal('thank-you')]),
    browserId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', [PATTERN_MESSAGE]: 'letters, digits, hyphens and underscores' }),
    edition: Type.String({ maxLength: 10 }),
    articleId: Type.Optional(Type.String({ format: 'uuid' })),
    device: Type.Union([Type.Literal('mobile'), Type.Literal('tablet'), Type.Literal('desktop')]),
    reads: Times,
    views: Type.Record(Id, Times, { maxProperties: 100 }),
    closed: Type.Record(Id, Type.Number({ minimum: 0, maximum: 8.64e15 }), { maxProperties: 100 }),
    /** The browser says it gave (it remembers a contribution): it only ever means fewer asks. */
    supporter: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/**
 * The support ask for a reader, chosen per request so that cached pages stay the same for
 * everyone: the browser sends what it keeps (its id, reading history, views and closes), the
 * server adds what it knows (country, signed-in and supporter status) and the live tests.
 * Views, clicks and closes come back as counters for the newsroom's reports.
 */
export const askRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; source: AskSource; country: (request: FastifyRequest) => string | null }> = async (
  app,
  { ctx, source, country },
) => {
  const db = ctx.database.db;
  let editions: { at: number; list: { code: string; locale: string }[] } | null = null;
  const knownEditions = async () => {
    if (!editions || Date.now() - editions.at > 60_000) editions = { at: Date.now(), list: await listEditions(db) };
    return editions.list;
  };

  app.post('/ask', { config: { access: 'public', csrf: false }, schema: { hide: true, body: AskBody } }, async (request, reply) => {
    const body = request.body;
    reply.header('cache-control', 'private, no-store');
    const list = await knownEditions();
    const edition = list.find((e) => e.code === body.edition) ?? list[0];
    let page: AskPage = { kind: 'front' };
    if (body.articleId) {
      const placement = await source.placement(body.articleId.toLowerCase());
      if (placement) page = { kind: 'article', articleId: body.articleId.toLowerCase(), ...placement };
    }
    // Only a cookie can make a reader signed in; most asks carry none and cost no query.
    const session = request.headers.cookie ? await app.currentSession(request) : null;
    const user = session?.session.complete ? session.user : null;
    const region = edition?.locale.split('-')[1]?.toUpperCase() ?? null;
    const reader: ReaderContext = {
      browserId: body.browserId,
      // Without a country from the CDN or the database, the edition's stands in.
      country: country(request) ?? region,
      edition: edition?.code ?? body.edition,
      page,
      signedIn: user !== null,
      supporter: body.supporter === true || (user !== null && (await isSupporter(db, user.id, ctx.now()))),
      device: body.device,
      reads: body.reads,
      views: body.views,
      closed: body.closed,
    };
    const tests = await source.tests();
    const choose = (slot: typeof body.slot) => chooseAsk(tests, reader, slot, ctx.now().getTime(), currencyOfCountry(region) ?? 'USD');
    // At the end of an article a supporter is thanked (a thank-you test, if one fits) before being asked.
    const ask = (body.slot === 'epic' && reader.supporter ? choose('thank-you') : null) ?? choose(body.slot);
    if (!ask) return reply.status(204).send();
    return { ask };
  });

  app.post(
    '/ask/events',
    {
      config: { access: 'public', csrf: false },
      schema: {
        hide: true,
        body: Type.Object(
          { testId: Type.String({ format: 'uuid' }), variantId: Id, kind: Type.Union([Type.Literal('view'), Type.Literal('click'), Type.Literal('close')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      // Counted in the database, so every machine of the site counts together: per process, a script could inflate a test N times over.
      await hit(db, `ask:events:${request.network}`, ASK_EVENTS_PER_NETWORK, ctx.now(), 'Too many requests from your network.');
      if (!(await countEvent(db, { ...request.body, testId: request.body.testId.toLowerCase(), country: country(request), at: ctx.now() })))
        throw notFound('That test and variant');
      return reply.status(204).send();
    },
  );
};
