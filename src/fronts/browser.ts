/**
 * The fronts domain's front door for browser code (the fronts tool's island): the front's
 * shape and its limits. Pure types and constants only: nothing here may reach Node or the database.
 */
export type { AutomaticSource, CardOverrides, Container, ContainerLayout, FrontCard, FrontLayout, FrontScope, StorySummary } from './model.ts';
export { CONTAINER_LAYOUTS, CONTAINER_LAYOUT_NAMES, MAX_CONTAINERS, MAX_TITLE, OVERRIDE_LIMITS } from './model.ts';
