/**
 * Support asks: what a newsroom defines (tests with variants, targeting and caps) and what is
 * known of a reader when one is chosen. Plain data, so the choice is a pure function of it.
 */

/** Where an ask shows: at the end of an article, as a banner, or as thanks to a supporter. */
export type AskSlot = 'epic' | 'banner' | 'thank-you';

export type Device = 'mobile' | 'tablet' | 'desktop';

export interface Targeting {
  /** ISO 3166-1 alpha-2 codes; empty: any country. */
  countries: string[];
  /** Edition codes; empty: any edition. */
  editions: string[];
  /** Section ids and topic ids; empty: any. An article matches when it is in one of them. */
  sections: string[];
  topics: string[];
  /** Article ids never to carry this ask (an obituary, a story about a donor). */
  excludedArticles: string[];
  /** At least `count` articles read in the last `days` days; count 0: no minimum. */
  minArticlesRead: { count: number; days: number };
  supporters: 'any' | 'supporters' | 'others';
  signedIn: 'any' | 'yes' | 'no';
  /** Empty: any device. */
  devices: Device[];
}

export interface Caps {
  /** At most `count` views in `days` days; count 0: no cap. */
  maxViews: { count: number; days: number };
  /** Days to keep the ask hidden after the reader closed it; 0: shown again at once. */
  hideAfterCloseDays: number;
}

export interface Variant {
  id: string;
  name: string;
  /** Copy with placeholders: %%COUNTRY_NAME%%, %%ARTICLE_COUNT%%. */
  heading: string;
  body: string;
  buttonText: string;
  /** Amounts offered, in major units, per currency; the highlighted one is preselected. */
  amounts: Record<string, number[]>;
  highlighted: Record<string, number>;
}

export interface AskTest {
  id: string;
  name: string;
  slot: AskSlot;
  /** A test is live from `startsAt` (if set) until `endsAt` (if set) once started. */
  status: 'draft' | 'live' | 'stopped';
  startsAt: Date | null;
  endsAt: Date | null;
  /** Higher goes first when several tests match the same reader. */
  priority: number;
  targeting: Targeting;
  caps: Caps;
  variants: Variant[];
}

/** What the page is. */
export type AskPage = { kind: 'article'; articleId: string; sectionId: string; topicIds: string[] } | { kind: 'front' };

/** What is known of the reader: sent by their browser, except country, supporter and signed-in status. */
export interface ReaderContext {
  /** A random id the browser keeps: the same reader always sees the same variant. */
  browserId: string;
  /** From a trusted CDN header or the operator's MaxMind database; null: unknown. */
  country: string | null;
  edition: string;
  page: AskPage;
  supporter: boolean;
  signedIn: boolean;
  device: Device;
  /** When the reader read articles (ms since the epoch), kept in their browser. */
  reads: number[];
  /** Per test id: when the reader saw it, and when they last closed it. */
  views: Record<string, number[]>;
  closed: Record<string, number>;
}

/** The ask to show, its copy filled in. */
export interface ChosenAsk {
  testId: string;
  variantId: string;
  slot: AskSlot;
  heading: string;
  body: string;
  buttonText: string;
  currency: string;
  amounts: number[];
  highlighted: number;
}
