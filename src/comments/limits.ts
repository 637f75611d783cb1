/** Rules the server enforces and the comments island shows, in one place both can import. */

/** Replies are kept to this depth (0 is a top-level comment); deeper ones are refused. */
export const MAX_DEPTH = 6;
/** How long after posting a reader may still change what they wrote. */
export const EDIT_WINDOW_MS = 10 * 60_000;
/** Threads shown nested this deep on the article page; deeper replies open in a comment's own view. */
export const SHOWN_DEPTH = 4;
/** Threads per page. */
export const PAGE = 20;
