/**
 * Revenue's front door: its registration, sandbox renewals, and the ask tests the demo seeds.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { insertTest } from './asks/repository.ts';
export type { AskTest, Targeting, Variant } from './asks/types.ts';
export { scheduleSandboxRenewals } from './contributions/renewals.ts';
export { registerRevenue } from './http/register.ts';
