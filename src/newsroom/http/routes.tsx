import type { FastifyInstance } from 'fastify';
import type { AccountKit } from '../../accounts/index.ts';
import type { AppContext } from '../../context.ts';
import { newsroomPart } from '../privacy/part.ts';
import { registerArticlePages } from './article-pages.tsx';
import { registerLivePages } from './live-pages.tsx';
import { registerAuditRoutes } from './audit-routes.tsx';
import { registerHomeRoutes } from './home-routes.tsx';
import { registerInviteRoutes } from './invite-routes.tsx';
import { registerSitePageEditorPages } from './site-page-editor-pages.tsx';
import { registerSettingsRoutes } from './settings-routes.tsx';
import { registerSetupRoutes } from './setup-routes.tsx';
import { registerStaffRoutes } from './staff-routes.tsx';
import { registerTaxonomyPages } from './taxonomy-pages.tsx';
import { registerTokenRoutes } from './token-routes.tsx';

/**
 * The newsroom under /newsroom: the first admin's setup page and the invitation page (public,
 * opened from one-time links), then the staff's pages, each declaring who may open it and
 * that it needs a strong session.
 */
export async function registerNewsroomRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): Promise<void> {
  app.personalData.register(newsroomPart);
  registerSetupRoutes(app, ctx, kit);
  registerInviteRoutes(app, ctx, kit);
  registerHomeRoutes(app, ctx, kit);
  registerArticlePages(app, ctx, kit);
  registerLivePages(app, ctx, kit);
  registerTaxonomyPages(app, ctx, kit);
  await registerSitePageEditorPages(app, ctx, kit);
  registerStaffRoutes(app, ctx, kit);
  registerTokenRoutes(app, ctx, kit);
  registerSettingsRoutes(app, ctx, kit);
  registerAuditRoutes(app, ctx, kit);
}
