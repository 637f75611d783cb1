/**
 * The newsroom's front door: its routes and APIs, the settings the roots read, the first
 * admin's set-up link, and the Admin API's tokens.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { adminArticleRoutes } from './admin-api/articles.ts';
export { adminImageRoutes } from './admin-api/images.ts';
export { adminLiveBlogRoutes } from './admin-api/live-blogs.ts';
export { adminPageRoutes } from './admin-api/pages.ts';
export { adminTaxonomyRoutes } from './admin-api/taxonomy.ts';
export { editorApiRoutes } from './http/editor-api.ts';
export { liveApiRoutes } from './http/live-api.ts';
export { registerNewsroomRoutes } from './http/routes.tsx';
export { readSettings } from './settings/repository.ts';
export { setupLinkIfNeeded } from './setup/service.ts';
export { authenticateToken, createToken } from './tokens/service.ts';
