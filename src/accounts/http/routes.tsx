import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { registerAccountPageRoutes } from './account-routes.tsx';
import { accountKit, type AccountKit } from './kit.tsx';
import { type PageShell } from '../../web/forms/kit.tsx';
import { registerPrivacyRoutes } from './privacy-routes.tsx';
import { registerSignInRoutes } from './sign-in-routes.tsx';

/**
 * The account pages and the forms they post. Pages are private to one browser (`no-store`);
 * every form carries a CSRF token, checked for every write by http/plugin.ts.
 */
export async function registerAccountRoutes(app: FastifyInstance, ctx: AppContext, pages: PageShell): Promise<AccountKit> {
  const kit = accountKit(app, ctx, pages);
  registerSignInRoutes(app, ctx, kit);
  await registerAccountPageRoutes(app, ctx, kit);
  registerPrivacyRoutes(app, ctx, kit);
  return kit;
}
