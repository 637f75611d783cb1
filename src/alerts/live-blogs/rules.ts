/**
 * How often a live blog's followers may be alerted. A burst of key events (a result, then a
 * second, a minute apart) must not ring a phone every minute: a blog's key-event alerts are at
 * least this far apart. The first goes at once; one in the gap waits for its end, and a newer
 * key event in the same gap takes the waiting one's place (the older is recorded as superseded,
 * never sent), so readers get the first and the latest.
 */
export const KEY_EVENT_ALERT_GAP_MS = 5 * 60_000;

/** Key events are news for hours, not days: a phone off all day is not woken with them. */
export const KEY_EVENT_ALERT_TTL_SECONDS = 6 * 3_600;

/** Pure: when a key-event alert may go, given when the blog's previous one went (or goes). */
export function keyEventAlertAt(previous: Date | null, now: Date, gapMs = KEY_EVENT_ALERT_GAP_MS): Date {
  if (!previous) return now;
  const earliest = previous.getTime() + gapMs;
  return earliest > now.getTime() ? new Date(earliest) : now;
}

/** Pure: an entry's words for a notification: its title, or the start of its text. */
export const keyEventText = (entry: { title: string; bodyText: string }): string => entry.title.trim() || entry.bodyText.trim().replace(/\s+/g, ' ');

/** Live blogs one browser may follow at once: each is a stream of alerts our server sends it. */
export const MAX_FOLLOWED_BLOGS = 50;
