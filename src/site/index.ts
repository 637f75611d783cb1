/**
 * The reader site's front door: its registration, built assets, security headers, and the
 * article page the newsroom's preview renders, and a front's containers for the Content API.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { siteAssets } from './assets.ts';
export { securityHeaders } from './headers.ts';
export { ArticlePage } from './pages/article.tsx';
export { readFrontForApi } from './fronts/load.ts';
export type { FrontCardView, FrontContainerView } from './fronts/compose.ts';
export { registerSite } from './routes.tsx';
