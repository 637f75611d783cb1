import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../platform/db/database.ts';
import { mediaType, type MediaStorage } from '../../platform/storage/index.ts';
import { AppError } from '../../platform/errors.ts';
import { cropFor } from './crop-files.ts';
import { isVariantFile } from './variants.ts';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Any strings: checked by the route against what we generate, answering 404 for anything else. */
const MediaParams = Type.Object({ id: Type.String(), file: Type.String() });

/**
 * Serves image variants and crops from the media store (the disk, or a bucket streamed
 * through), also when MEDIA_PUBLIC_URL links variants elsewhere: crops are made here on first
 * request, avatars and links already shared point here. Names are checked against what we
 * generate, never joined as given.
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ ctx: { database: Database; storage: MediaStorage } }> = async (app, { ctx }) => {
  const notFound = () => new AppError('not_found', 'There is no such image file.');
  const options = { config: { access: 'public' as const }, schema: { hide: true, params: MediaParams } };
  /** The file a request names, or where a crop has moved to. */
  const resolve = async (id: string, asked: string): Promise<{ file: string } | { moved: string }> => {
    if (!ID.test(id)) throw notFound();
    // Only resized variants are public: originals may carry camera metadata such as GPS position.
    if (isVariantFile(asked)) return { file: asked };
    // A crop around the focal point, made on first request: the name says which, and around where.
    const crop = await cropFor(ctx.database.db, ctx.storage, id, asked);
    if (!crop) throw notFound();
    return crop;
  };
  const serve = async (request: { method: string; params: { id: string; file: string } }, reply: FastifyReply) => {
    const { id } = request.params;
    const found = await resolve(id, request.params.file);
    if ('moved' in found) return reply.header('cache-control', 'public, max-age=300').redirect(`/media/${id}/${found.moved}`, 302);
    // A variant's bytes never change under its name, so caches may keep it for a year.
    reply
      .header('content-type', mediaType(found.file))
      .header('cache-control', 'public, max-age=31536000, immutable')
      // Named for a cache in front, so a picture's copies can be purged by key (image:<id>), not only with everything.
      .header('surrogate-key', `image:${id}`)
      .header('x-content-type-options', 'nosniff');
    if (request.method === 'HEAD') {
      // Its size alone: Fastify's own HEAD would fetch the bytes from the bucket only to drop them.
      const size = await ctx.storage.sizeOf(id, found.file);
      if (size === null) throw notFound();
      return reply.header('content-length', size).send();
    }
    const stored = await ctx.storage.get(id, found.file);
    if (!stored) throw notFound();
    return reply.header('content-length', stored.size).send(stored.body);
  };
  app.head('/media/:id/:file', options, serve);
  app.get('/media/:id/:file', { ...options, exposeHeadRoute: false }, serve);
};
