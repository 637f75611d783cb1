import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { staffGate } from '../../accounts/factors/rules.ts';
import { readSettings } from '../settings/repository.ts';

/**
 * Staff pages (the newsroom, moderation) need a strong session (passkey or one-time code)
 * unless an admin turned the rule off; a weak one is sent to sign in again or to set up a
 * second factor.
 */
export const secondFactorGateFor = (ctx: AppContext) =>
  async function secondFactorGate(request: FastifyRequest, reply: FastifyReply) {
    const principal = request.principal;
    if (principal?.kind !== 'account') return;
    const gate = staffGate(principal, (await readSettings(ctx.database.db)).staffSecondFactor);
    if (gate === 'pass') return;
    if (gate === 'sign-in-again') return reply.redirect(`/account/sign-in?returnTo=${encodeURIComponent(request.url)}&why=second-factor`, 303);
    return reply.redirect('/account?done=staff-second-factor#two-step', 303);
  };
