import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../platform/errors.ts';
import type { Assets } from './assets.ts';
import { matchesEtag } from './cache/page-cache.ts';
import { access, hide } from './reader-pages.ts';

/** Any file name: one we did not build answers 404 like any other unknown file. */
const AssetParams = Type.Object({ file: Type.String() });

/** Static assets (styles, scripts, logo): content-hashed names, kept for a year. */
export function registerAssets(app: FastifyInstance, assets: Assets) {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/assets/:file', { config: access, schema: { ...hide, params: AssetParams } }, async (request, reply) => {
    const asset = assets.files.get(request.params.file);
    if (!asset) throw new AppError('not_found', 'There is no such file.');
    if (matchesEtag(request.headers['if-none-match'], asset.etag)) return reply.status(304).send();
    return reply.header('content-type', asset.type).header('etag', asset.etag).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  });
}
