/**
 * The reader site's front door: its registration, built assets, security headers, and the
 * article page the newsroom's preview renders, a front's containers for the Content API, and a
 * live blog entry's HTML exactly as its page shows it (for the live stream).
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { siteAssets } from './assets.ts';
export { securityHeaders } from './headers.ts';
export { ArticlePage } from './pages/article.tsx';
export { readFrontForApi } from './fronts/load.ts';
export type { FrontCardView, FrontContainerView } from './fronts/compose.ts';
export { registerSite } from './routes.tsx';
export { renderEntryHtml, type EntryPlace } from './live/entry.tsx';
