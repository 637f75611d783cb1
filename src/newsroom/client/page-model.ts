import type { Block } from '../../content/browser.ts';
import type { References } from './convert.ts';

/** The page editor's view of a page, as /newsroom/api/pages answers (see newsroom/http/page-api.ts). */
export interface EditorPage {
  id: string;
  slug: string;
  url: string;
  state: 'draft' | 'published' | 'withdrawn';
  reserved: boolean;
  version: number;
  title: string;
  summary: string;
  body: Block[];
  modifiedAt: string;
}

export interface PageRevisionItem {
  version: number;
  action: string;
  actor: string;
  title: string;
  createdAt: string;
}

export interface PageEditorData {
  page: EditorPage;
  references: References;
  revisions: PageRevisionItem[];
}

export interface PageFields {
  title: string;
  slug: string;
  summary: string;
  body: Block[];
}

export const PAGE_LIMITS = { title: 200, summary: 400 };

export const pageFieldsOf = (page: EditorPage): PageFields => ({ title: page.title, slug: page.slug, summary: page.summary, body: page.body });

/** What a save sends: a reserved page's address is fixed, so it is not sent at all. */
export const saveBody = (fields: PageFields, page: EditorPage) => ({
  version: page.version,
  title: fields.title,
  summary: fields.summary,
  body: fields.body,
  ...(page.reserved ? {} : { slug: fields.slug }),
});
