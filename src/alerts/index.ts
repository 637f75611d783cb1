/**
 * Alerts' front door: its registration, the topic alerts the newsroom's taxonomy pages set, and
 * the start of the key-event sweep (main.ts).
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { registerAlerts } from './http/register.ts';
export { setTopicAlertOnPublish, topicsAlertingOnPublish } from './topic-alerts.ts';
export { scheduleKeyEventSweep } from './live-blogs/key-events.ts';
