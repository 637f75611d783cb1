import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { readSettings } from '../settings/repository.ts';

/**
 * Staff pages (the newsroom, moderation) need a strong session (passkey or one-time code)
 * unless an admin turned the rule off; a weak one is sent to sign in again or to set up a
 * second factor.
 */
export const secondFactorGateFor = (ctx: AppContext) =>
  async function secondFactorGate(request: FastifyRequest, reply: FastifyReply) {
    const principal = request.principal;
    if (principal?.kind !== 'account' || principal.strong) return;
    if (!(await readSettings(ctx.database.db)).staffSecondFactor) return;
    const back = encodeURIComponent(request.url);
    if (principal.hasSecondFactor) return reply.redirect(`/account/sign-in?returnTo=${back}&why=second-factor`, 303);
    return reply.redirect('/account?done=staff-second-factor#two-step', 303);
  };
