import type { DemoArticle } from '../articles/article.ts';

/** One entry of a demo live blog: when, by whom, and what (Markdown, one string a block). */
export interface DemoEntry {
  /** Minutes after the blog opened. */
  at: number;
  writers: string[];
  title?: string;
  body: string[];
  keyEvent?: boolean;
  pinned?: boolean;
  /** A picture drawn for the entry, placed after its text. */
  picture?: { hue: number; alt: string; caption: string };
}

/** A demo live blog: its article, its entries in the order they went up, and whether it has closed. */
export interface DemoLiveBlog {
  article: DemoArticle;
  entries: DemoEntry[];
  /** Minutes after opening when the coverage ended; absent for a blog still open. */
  closedAt?: number;
}

/** What an entry may have besides its time, writers and words. */
export type EntryExtras = Omit<DemoEntry, 'at' | 'writers' | 'body'>;

/**
 * Entries by one writer, each written as its data only: the minute it went up, then its title,
 * marks or picture if it has any, then its words (one string a block).
 */
export const entriesBy =
  (...writers: string[]) =>
  (at: number, first: EntryExtras | string, ...body: string[]): DemoEntry =>
    typeof first === 'string' ? { at, writers, body: [first, ...body] } : { at, writers, ...first, body };
