import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';

/**
 * Probes for an orchestrator or load balancer. `/livez`: the process answers (no I/O; a failure
 * means restart it). `/readyz`: it should be sent requests: the database answers, announcements
 * reach it (the PostgreSQL listening connection is up: without it the page cache would serve
 * stale pages), and it is not shutting down (a draining process is taken out of rotation before
 * it stops). `/healthz` is the older name of `/readyz`.
 */
export function registerHealth(app: FastifyInstance, database: Database, isClosing: () => boolean): void {
  const probe = { config: { access: 'public' as const }, schema: { hide: true } };
  const answer = (reply: FastifyReply, problem: string | null) =>
    reply
      .status(problem ? 503 : 200)
      .header('cache-control', 'no-store')
      .send({ status: problem ?? 'ok', engine: database.engine });

  app.get('/livez', probe, async (_request, reply) => answer(reply, null));
  const ready = async (_request: unknown, reply: FastifyReply) => {
    if (isClosing()) return answer(reply, 'shutting down');
    if (!(await database.ping())) return answer(reply, 'database unavailable');
    if (!database.listening()) return answer(reply, 'database listener disconnected');
    return answer(reply, null);
  };
  app.get('/readyz', probe, ready);
  app.get('/healthz', probe, ready);
}
