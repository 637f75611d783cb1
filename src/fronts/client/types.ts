import type { FrontLayout, FrontScope } from '../browser.ts';

/**
 * What the fronts JSON API (/newsroom/api/fronts) sends the tool, as the tool reads it. The
 * server's schemas are the authority; these are the fields the tool uses.
 */

/** A story as a card shows it in the tool: the article's own texts, before any override. */
export interface StorySummary {
  id: string;
  headline: string;
  trail: string;
  kicker: string;
  section: string;
  imageId: string | null;
  imageUrl: string | null;
  published: boolean;
  publishedAt: string | null;
}

export interface Schedule {
  id: string;
  runAt: string;
  actor: string;
}

export interface FrontView {
  id: string;
  scope: FrontScope;
  name: string;
  url: string;
  draft: FrontLayout;
  version: number;
  savedAt: string | null;
  actor: string | null;
  publishedNumber: number | null;
  publishedAt: string | null;
  draftIsPublished: boolean;
  schedules: Schedule[];
  stories: Record<string, StorySummary>;
}

export interface HistoryEntry {
  number: number;
  note: string | null;
  actor: string;
  publishedAt: string;
  containers: number;
  stories: number;
}

export interface Presence {
  editors: { name: string }[];
  version: number;
  savedAt: string | null;
  actor: string | null;
}

/** The choices a container's automatic source offers, given by the page. */
export interface SourceChoices {
  sections: { id: string; name: string }[];
  topics: { id: string; name: string }[];
  authors: { id: string; name: string }[];
}

export interface ToolProps {
  frontId: string;
  csrf: string;
  choices: SourceChoices;
}

/** "account:Ana" or "token:feed" as people read it. */
export const actorName = (actor: string | null) =>
  actor ? actor.replace(/^(account|token):/, '') + (actor.startsWith('token:') ? ' (API token)' : '') : 'someone';
