/**
 * Alerts' front door: its registration, and the topic alerts the newsroom's taxonomy pages set.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { registerAlerts } from './http/register.ts';
export { setTopicAlertOnPublish, topicsAlertingOnPublish } from './topic-alerts.ts';
