import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { transform } from 'esbuild';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';

/**
 * The fronts tool's own stylesheet, loaded only by the tool's pages so the newsroom's shared
 * stylesheet does not carry it: minified once per process, served under a content-hashed name
 * and kept for a year, like the site's assets.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, '../client/fronts-tool.css');

interface Built {
  url: string;
  body: Buffer;
  etag: string;
}

let built: Promise<Built> | undefined;
const build = () =>
  (built ??= transform(fs.readFileSync(source, 'utf8'), { loader: 'css', minify: true }).then(({ code }) => {
    const body = Buffer.from(code);
    const hash = crypto.createHash('sha256').update(body).digest('base64url').slice(0, 12);
    return { url: `/newsroom/fronts/assets/tool-${hash}.css`, body, etag: `"${hash}"` };
  }));

/** The stylesheet's address, for the pages' `<link>`. */
export const toolStylesheet = async () => (await build()).url;

const Params = Type.Object({ file: Type.String({ maxLength: 100 }) });

export function registerToolStylesheet(app: FastifyInstance): void {
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .get('/newsroom/fronts/assets/:file', { config: { access: 'public' }, schema: { hide: true, params: Params } }, async (request, reply) => {
      const css = await build();
      if (`/newsroom/fronts/assets/${request.params.file}` !== css.url) throw new AppError('not_found', 'There is no such file.');
      if (request.headers['if-none-match'] === css.etag) return reply.status(304).send();
      return reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('etag', css.etag)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(css.body);
    });
}
