/**
 * The Content API's front door: its routes.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { contentApiRoutes } from './routes.ts';
