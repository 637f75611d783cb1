/**
 * Content's front door for browser code (islands): the body's block types, image views and
 * link safety. Pure functions and types only: nothing here may reach Node or the database.
 */
export type { Block, Inline } from './blocks.ts';
export type { ImageView } from './images/present.ts';
export { safeHref } from './links.ts';
