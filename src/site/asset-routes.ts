import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../platform/errors.ts';
import { LRUCache } from 'lru-cache';
import type { Executor } from '../platform/db/database.ts';
import type { Asset, Assets } from './assets.ts';
import { findKeptAsset } from './kept-assets.ts';
import { matchesEtag } from './cache/page-cache.ts';
import { access, hide } from './reader-pages.ts';

/** Any file name: one we did not build answers 404 like any other unknown file. */
const AssetParams = Type.Object({ file: Type.String() });

/** The names our builds give (`name-<12 characters of hash>.ext`): anything else is not looked up. */
const BUILT_NAME = /^[a-z][a-z0-9-]*-[A-Za-z0-9_-]{12}\.(?:css|js|png|svg|woff2)$/;

/**
 * Static assets (styles, scripts, logo): content-hashed names, kept for a year. One this
 * process did not build may be another release's (a page rendered on a machine upgraded first,
 * or not yet): those are looked up among the kept ones, and remembered.
 */
export function registerAssets(app: FastifyInstance, assets: Assets, executor: Executor) {
  const others = new LRUCache<string, Asset>({ max: 200 });
  // Names no release built are remembered a minute too: a stream of made-up names costs one query each, not one per request.
  const unknown = new LRUCache<string, true>({ max: 1000, ttl: 60_000 });
  app.withTypeProvider<TypeBoxTypeProvider>().get('/assets/:file', { config: access, schema: { ...hide, params: AssetParams } }, async (request, reply) => {
    const name = request.params.file;
    let asset = assets.files.get(name) ?? others.get(name);
    if (!asset && BUILT_NAME.test(name) && !unknown.has(name)) {
      asset = (await findKeptAsset(executor, name)) ?? undefined;
      if (asset) others.set(name, asset);
      else unknown.set(name, true);
    }
    if (!asset) throw new AppError('not_found', 'There is no such file.');
    if (matchesEtag(request.headers['if-none-match'], asset.etag)) return reply.status(304).send();
    return reply.header('content-type', asset.type).header('etag', asset.etag).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  });
}
