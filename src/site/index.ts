/**
 * The reader site's front door: its registration, built assets, security headers, and the
 * article page the newsroom's preview renders.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { siteAssets } from './assets.ts';
export { securityHeaders } from './headers.ts';
export { ArticlePage } from './pages/article.tsx';
export { registerSite } from './routes.tsx';
