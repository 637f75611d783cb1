/**
 * The fronts domain's front door: curated fronts (containers of stories, per-front overrides,
 * publishing, scheduling, history) and each edition's navigation menus.
 * Other domains import only this file (browser code: browser.ts); see docs/ARCHITECTURE.md.
 */
export type { AutomaticSource, CardOverrides, Container, ContainerLayout, FrontCard, FrontLayout, FrontScope } from './model.ts';
export { CONTAINER_LAYOUTS, CONTAINER_LAYOUT_NAMES, MAX_CONTAINERS } from './model.ts';
export { ContainerLayoutSchema } from './validation.ts';
export type { NavItem } from './navigation-model.ts';
export { frontIdFor, readDraft, readPublished, type FrontDraft, type PublishedFront } from './read-repository.ts';
export { startingLayout, type SectionSummary } from './scopes.ts';
export { registerFronts } from './register.ts';
export { openFront, publishDraft, saveDraft, type Actor } from './service.ts';
export { OVERRIDE_LIMITS, MAX_TITLE } from './model.ts';
export { NAV_LIMITS } from './navigation-model.ts';
export { absoluteMenu, menuSources, readEditionMenus, saveMenu, siteMenus, type EditionMenus, type MenuState, type PageLinks } from './navigation/service.ts';
export { MENU_NAMES, isMenuName, validateMenu, type MenuName, type NavItemInput } from './navigation/validate.ts';
export { NavItemSchema, PublicMenus, EditionParams as NavigationEditionParams } from './navigation/schemas.ts';
