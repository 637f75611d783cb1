/**
 * When the site may offer alerts, as pure rules over what the browser remembers: never on a
 * first article, never again for 30 days after "not now", never once the reader said yes or
 * the browser blocked notifications.
 */
export interface PromptMemory {
  /** Articles read, by id (the last 50). */
  read: string[];
  /** Until when "not now" holds, in ms since the epoch. */
  snoozedUntil: number;
  /** The endpoint of this browser's subscription, once subscribed. */
  endpoint: string | null;
}

export const SNOOZE_MS = 30 * 86_400_000;

export const emptyMemory = (): PromptMemory => ({ read: [], snoozedUntil: 0, endpoint: null });

/** Pure: the memory after reading `articleId`. */
export const afterReading = (memory: PromptMemory, articleId: string): PromptMemory =>
  memory.read.includes(articleId) ? memory : { ...memory, read: [...memory.read, articleId].slice(-50) };

/** Pure: whether to show the prompt without being asked. */
export function shouldPrompt(memory: PromptMemory, permission: 'default' | 'granted' | 'denied' | 'unsupported', now: number): boolean {
  if (permission === 'denied' || permission === 'unsupported' || memory.endpoint) return false;
  if (memory.snoozedUntil > now) return false;
  return memory.read.length > 1;
}
