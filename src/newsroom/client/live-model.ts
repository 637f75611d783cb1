import type { Block } from '../../content/browser.ts';
import { api } from './api.ts';
import type { References } from './convert.ts';

// What the live blog composer reads and writes, through the newsroom's live blog API.

export interface LiveBlog {
  articleId: string;
  state: 'open' | 'closed';
  entryOrder: 'newest' | 'oldest';
  holdEntries: boolean;
  version: number;
}

export interface ComposerEntry {
  id: string;
  status: 'draft' | 'held' | 'scheduled' | 'published' | 'deleted';
  title: string;
  body: Block[];
  writers: { slug: string; name: string }[];
  keyEvent: boolean;
  pinned: boolean;
  publishedAt: string | null;
  scheduledAt: string | null;
  updatedAt: string | null;
  version: number;
  own: boolean;
  rights: { edit: boolean; delete: boolean; 'key-event': boolean; pin: boolean; 'publish-held': boolean; schedule: boolean; publish: boolean };
  /** The pictures and stories the body points at (by id), to draw them in the editor. */
  references: References;
}

export interface BlogInfo {
  blog: LiveBlog | null;
  mayRun: boolean;
  send: 'publish' | 'hold';
  mayPin: boolean;
  mySlug: string | null;
  /** Every byline, for choosing an entry's writers. */
  authors: { slug: string; name: string }[];
  role: 'contributor' | 'writer' | 'editor' | 'admin';
}

export interface DraftFields {
  title: string;
  writers: string[];
  body: Block[];
  keyEvent: boolean;
  pinned: boolean;
}

const base = (articleId: string) => `/newsroom/api/articles/${articleId}`;

export const liveApi = (articleId: string) => ({
  articleId,
  info: () => api<BlogInfo>('GET', `${base(articleId)}/live-blog`),
  putBlog: (body: Partial<Pick<LiveBlog, 'state' | 'entryOrder' | 'holdEntries'>> & { version?: number }) =>
    api<LiveBlog>('PUT', `${base(articleId)}/live-blog`, body),
  entries: () => api<{ blog: LiveBlog; items: ComposerEntry[] }>('GET', `${base(articleId)}/entries`),
  create: (fields: Partial<DraftFields>) => api<ComposerEntry>('POST', `${base(articleId)}/entries`, fields),
  save: (id: string, fields: Partial<DraftFields> & { version: number }) => api<ComposerEntry>('PATCH', `${base(articleId)}/entries/${id}`, fields),
  release: (id: string, version: number, as: 'publish' | 'hold' | 'schedule', scheduledAt?: string) =>
    api<ComposerEntry>('POST', `${base(articleId)}/entries/${id}/publish`, { version, as, ...(scheduledAt ? { scheduledAt } : {}) }),
  remove: (id: string, version: number) => api<null>('DELETE', `${base(articleId)}/entries/${id}?version=${version}`),
});

export type LiveApi = ReturnType<typeof liveApi>;

/** What the composer's main button does for this person on this blog. */
export const sendLabel = (send: 'publish' | 'hold') => (send === 'publish' ? 'Publish' : 'Send to an editor');

export const emptyDraft = (writers: string[] = []): DraftFields => ({ title: '', writers, body: [], keyEvent: false, pinned: false });

/** An entry's words as plain text, for the newsroom's stream and conflicts (readers see the blocks rendered). */
export function plainText(blocks: Block[]): string {
  return blocks
    .map((b) => ('content' in b && Array.isArray(b.content) ? b.content.map((r) => ('text' in r ? r.text : '')).join('') : ''))
    .filter(Boolean)
    .join(' ');
}
