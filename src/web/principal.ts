import type { FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';
import type { AccountPrincipal, Principal } from '../platform/http/access.ts';
import { isStaffRole, type StaffRole } from './roles.ts';

export type { AccountPrincipal };
export type StaffPrincipal = AccountPrincipal & { role: StaffRole };

/** Whoever a route's access declaration let in: an Admin API token or a signed-in person. */
export function callerOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (!principal) throw new AppError('unauthorized', 'Sign in or send an Admin API token to do this.');
  return principal;
}

/**
 * The signed-in person behind a request, typed. Routes declare `access: 'account'`, so access
 * control has already refused anyone else; these still check rather than cast, so a route
 * registered with the wrong declaration fails loudly instead of reading a missing principal.
 */
export function accountOf(request: FastifyRequest): AccountPrincipal {
  const principal = request.principal;
  if (principal?.kind !== 'account') throw new AppError('unauthorized', 'Sign in to do this.');
  return principal;
}

/** The staff member behind a request to a route whose `roles` are staff roles. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  const principal = accountOf(request);
  if (!isStaffRole(principal.role)) throw new AppError('forbidden', 'This is for newsroom staff.');
  return principal as StaffPrincipal;
}

/** Who acts in a write, as the services record it: `account:NAME` or `token:NAME`, the time, and whom the audit log names. */
export interface RequestActor {
  actor: `account:${string}` | `token:${string}`;
  now: Date;
  by: Pick<Principal, 'kind' | 'id' | 'name'>;
}

/**
 * The actor of a write made through a route: `account:NAME` for a signed-in person,
 * `token:NAME` for an Admin API token, with the principal the audit log names. Every route
 * that writes builds its actor here, so the services' records name callers one way.
 */
export function actorOf(request: FastifyRequest, now: Date): RequestActor {
  const principal = callerOf(request);
  const kind = principal.kind === 'account' ? 'account' : 'token';
  return { actor: `${kind}:${principal.name}`, now, by: { kind: principal.kind, id: principal.id, name: principal.name } };
}
