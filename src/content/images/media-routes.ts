import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../platform/db/database.ts';
import type { MediaStorage } from './storage.ts';
import { AppError } from '../../platform/errors.ts';
import { cropFor } from './crop-files.ts';

const TYPES: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' };
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Only resized variants are public: originals may carry camera metadata such as GPS position.
const VARIANT = /^(\d{2,4})\.(avif|webp|jpg)$/;
/** Any strings: checked by the route against what we generate, answering 404 for anything else. */
const MediaParams = Type.Object({ id: Type.String(), file: Type.String() });

/** Serves image variants and crops. Names are checked against what we generate, never joined as given. */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ ctx: { database: Database; storage: MediaStorage } }> = async (app, { ctx }) => {
  const notFound = () => new AppError('not_found', 'There is no such image file.');
  app.get('/media/:id/:file', { config: { access: 'public' }, schema: { hide: true, params: MediaParams } }, async (request, reply) => {
    const { id, file: asked } = request.params;
    if (!ID.test(id)) throw notFound();
    let file = asked;
    if (!VARIANT.test(asked)) {
      // A crop around the focal point, made on first request: the name says which, and around where.
      const crop = await cropFor(ctx.database.db, ctx.storage, id, asked);
      if (!crop) throw notFound();
      if ('moved' in crop) return reply.header('cache-control', 'public, max-age=300').redirect(`/media/${id}/${crop.moved}`, 302);
      file = crop.file;
    }
    const path = ctx.storage.pathOf(id, file);
    let size: number;
    try {
      size = (await fs.promises.stat(path)).size;
    } catch {
      throw notFound();
    }
    // A variant's bytes never change under its name, so caches may keep it for a year.
    return reply
      .header('content-type', TYPES[file.slice(file.lastIndexOf('.') + 1)]!)
      .header('content-length', size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(fs.createReadStream(path));
  });
};
