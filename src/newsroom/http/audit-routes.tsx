import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { pageQuery, text } from '../../web/forms/schema.ts';
import { listAudit } from '../../platform/audit/repository.ts';
import { AuditPage } from './audit-page.tsx';
import { adminOnly } from './route-access.ts';

const PAGE = 50;
/** `before`: the time of the last event on the page before; anything that is not a time starts from the newest. */
const AuditQuery = pageQuery({ before: text(1_000) });

/** The audit log, for admins. */
export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const page = kit.newsroomPage;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get('/newsroom/audit', { config: adminOnly, schema: { hide: true, querystring: AuditQuery } }, async (request, reply) => {
    const raw = request.query.before;
    const before = raw !== undefined && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : undefined;
    const events = await listAudit(ctx.database.db, { ...(before ? { before } : {}), limit: PAGE });
    const view = events.map((e) => ({
      at: e.at.toISOString(),
      actorName: e.actorName,
      actorKind: e.actorKind,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      details: e.details,
    }));
    return page(reply, 'Audit log', <AuditPage events={view} next={events.length === PAGE ? view.at(-1)!.at : null} />);
  });
}
