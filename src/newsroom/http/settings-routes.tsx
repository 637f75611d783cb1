import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, text } from '../../web/forms/schema.ts';
import { staffOf } from '../../web/principal.ts';
import { readSettings } from '../settings/repository.ts';
import { changeSettings } from '../settings/service.ts';
import { adminOnly } from './route-access.ts';
import { SettingsPage } from './settings-page.tsx';

const SettingsForm = formBody({ staffSecondFactor: text(100) });

/** The newsroom's settings, an admin's to change. */
export function registerSettingsRoutes(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const { state } = kit;
  const page = kit.newsroomPage;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get('/newsroom/settings', { config: adminOnly, schema: { hide: true } }, async (_request, reply) =>
    page(reply, 'Newsroom settings', <SettingsPage state={state(reply, '/newsroom/settings')} settings={await readSettings(ctx.database.db)} />),
  );

  typed.post('/newsroom/settings', { config: adminOnly, schema: { hide: true, body: SettingsForm } }, async (request, reply) => {
    const { staffSecondFactor } = request.body;
    if (staffSecondFactor !== undefined && staffSecondFactor !== 'on') throw new AppError('bad_request', 'The second-factor setting is a checkbox.');
    await changeSettings(ctx.database, staffOf(request), { staffSecondFactor: staffSecondFactor === 'on' }, ctx.now());
    return reply.redirect('/newsroom/settings', 303);
  });
}
