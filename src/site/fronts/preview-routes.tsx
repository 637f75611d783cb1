import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { readDraft } from '../../fronts/index.ts';
import { AppError } from '../../platform/errors.ts';
import { EDITOR_ROLES } from '../../web/roles.ts';
import type { ReaderPages } from '../reader-pages.ts';
import { editionFront, sectionFront } from './pages.tsx';

const editorsOnly = { access: 'account', html: true, roles: EDITOR_ROLES, strong: true } as const;
const PreviewParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/**
 * A front's draft exactly as readers will see it once published: the same read, composition and
 * page, for the fronts tool's preview frames. Never cached (a draft changes by the second, and
 * is not for readers), and framed by our own pages only.
 */
export function registerFrontPreview(app: FastifyInstance, ctx: AppContext, pages: ReaderPages) {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/newsroom/fronts/:id/preview',
    {
      config: editorsOnly,
      schema: { hide: true, params: PreviewParams },
      onSend: async (_request, reply) => {
        reply.header('x-frame-options', 'SAMEORIGIN');
        const csp = String(reply.getHeader('content-security-policy') ?? '');
        reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
      },
    },
    async (request, reply) => {
      const draft = await readDraft(ctx.database.db, request.params.id);
      if (!draft) throw new AppError('not_found', 'No such front.');
      const { scope, layout } = draft;
      let rendered;
      if (scope.kind === 'edition') {
        if (!(await pages.directory.edition(scope.edition))) throw new AppError('not_found', 'No such edition.');
        rendered = await editionFront(ctx, pages, scope.edition, layout);
      } else {
        const section = await pages.directory.sectionById(scope.sectionId);
        if (!section) throw new AppError('not_found', 'No such section.');
        rendered = await sectionFront(ctx, pages, section, layout);
      }
      return reply.status(rendered.status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(rendered.body);
    },
  );
}
