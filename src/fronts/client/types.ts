import type { FrontLayout, FrontScope, StorySummary } from '../browser.ts';

export type { StorySummary };

/**
 * What the fronts JSON API (/newsroom/api/fronts) sends the tool, as the tool reads it. The
 * server's schemas are the authority; these are the fields the tool uses.
 */

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
