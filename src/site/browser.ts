/** The site's browser-safe surface: what its islands and its server code share. */

/** An entry as the live blog stream sends it (`site/live/stream/kinds.ts`), as the live-updates island reads it. */
export interface EntryMessageData {
  id: string;
  change: number;
  status: 'published' | 'deleted';
  position: number;
  /** Published entries only, from here on. */
  html?: string;
  keyEvent?: boolean;
  pinned?: boolean;
  /** For the key-events list: the title, or the start of the text when there is none; the time as the page shows it. */
  title?: string;
  excerpt?: string;
  clock?: string;
  permalink?: string;
  publishedAt?: string;
}
