/**
 * The demo's front door: seeding an empty database.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { isEmpty, seedDemo } from './seed.ts';
