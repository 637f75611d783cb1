import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AccountKit } from '../../accounts/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { staffOf } from '../../web/principal.ts';
import { GRANTABLE, inviteStaff, issueEnrolmentLink, listStaff, setRole } from '../staff/service.ts';
import { adminOnly } from './route-access.ts';
import { StaffPage } from './staff-page.tsx';

const NOTICES: Record<string, string> = { invited: 'The invitation is on its way.', role: 'The role is changed.' };

const StaffQuery = pageQuery({ done: text(100) });
const InviteForm = formBody({ email: text(), role: text(100) });
const RoleForm = formBody({ user: text(200), role: text(100) });
const MemberForm = formBody({ user: text(200) });

/** The staff page: who works in the newsroom, their roles, invitations and enrolment links. */
export function registerStaffRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): void {
  const { deps, state, formPost } = kit;
  const page = kit.newsroomPage;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  async function staffPage(reply: FastifyReply, done: string | undefined, error?: string, issued?: { name: string; link: string }) {
    const staff = await listStaff(ctx.database.db);
    const notice = NOTICES[String(done)];
    return page(
      reply,
      'Staff',
      <StaffPage state={state(reply, '/newsroom/staff', { error })} staff={staff} roles={GRANTABLE} notice={notice} issued={issued} />,
      error ? 422 : 200,
    );
  }
  const again = (_request: unknown, reply: FastifyReply, error: string) => staffPage(reply, undefined, error);

  typed.get('/newsroom/staff', { config: adminOnly, schema: { hide: true, querystring: StaffQuery } }, (request, reply) =>
    staffPage(reply, request.query.done),
  );

  formPost(
    '/newsroom/staff/invite',
    { config: adminOnly, schema: { hide: true, body: InviteForm } },
    async (request, body) => (await inviteStaff(deps, staffOf(request), { email: (body.email ?? '').trim(), role: body.role }), '/newsroom/staff?done=invited'),
    again,
  );
  formPost(
    '/newsroom/staff/role',
    { config: adminOnly, schema: { hide: true, body: RoleForm } },
    async (request, body) => (await setRole(deps, staffOf(request), { userId: body.user ?? '', role: body.role }), '/newsroom/staff?done=role'),
    again,
  );

  // Answered with the page itself, not a redirect: the link is shown this once and kept nowhere.
  typed.post('/newsroom/staff/enrolment-link', { config: adminOnly, schema: { hide: true, body: MemberForm } }, async (request, reply) => {
    try {
      return await staffPage(reply, undefined, undefined, await issueEnrolmentLink(deps, staffOf(request), request.body.user));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid') throw error;
      return staffPage(reply, undefined, error.message);
    }
  });
}
