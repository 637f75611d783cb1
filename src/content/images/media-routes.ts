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
  app.get('/media/:id/:file', { config: { access: 'public' }, schema: { hide: true, params: MediaParams } }, async (request, reply) => {
    const { id, file: asked } = request.params;
    if (!ID.test(id)) throw notFound();
    let file = asked;
    // Only resized variants are public: originals may carry camera metadata such as GPS position.
    if (!isVariantFile(asked)) {
      // A crop around the focal point, made on first request: the name says which, and around where.
      const crop = await cropFor(ctx.database.db, ctx.storage, id, asked);
      if (!crop) throw notFound();
      if ('moved' in crop) return reply.header('cache-control', 'public, max-age=300').redirect(`/media/${id}/${crop.moved}`, 302);
      file = crop.file;
    }
    const stored = await ctx.storage.get(id, file);
    if (!stored) throw notFound();
    // A variant's bytes never change under its name, so caches may keep it for a year.
    return reply
      .header('content-type', mediaType(file))
      .header('content-length', stored.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(stored.body);
  });
};
