import type { FastifyRequest } from 'fastify';
import { callerOf } from '../../web/principal.ts';
import type { Actor } from '../service.ts';

/**
 * Who is acting, for every fronts and navigation route: `account:NAME` for a signed-in editor,
 * `token:NAME` for an Admin API token, with the principal the audit log names.
 */
export function actorOf(request: FastifyRequest, now: Date): Actor {
  const principal = callerOf(request);
  const kind = principal.kind === 'account' ? 'account' : 'token';
  return { actor: `${kind}:${principal.name}`, now, by: { kind: principal.kind, id: principal.id, name: principal.name } };
}
