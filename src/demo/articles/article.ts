/**
 * The demo edition's articles. Invented events, invented people, our own words throughout:
 * enough to show every part of an article page, not a record of anything that happened.
 */
export interface DemoArticle {
  key: string;
  section: string;
  authors: string[];
  topics: string[];
  editions: ('uk' | 'us')[];
  hoursAgo: number;
  headline: string;
  standfirst: string;
  /** Markdown, one string a block. `@related:<key>` places a related-story card. */
  body: string[];
  hero: { alt: string; caption: string; hue: number };
  correction?: string;
  update?: string;
}
