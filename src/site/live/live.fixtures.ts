import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { liveBlogs, type EntryFields, type EntryRelease } from '../../content/index.ts';

// What the live blog pages' tests share: an app on a settable clock, a UK live blog (in more editions when asked), and entries posted through the content services.

export interface LiveSite {
  t: TestApp;
  clock: { now: Date };
  blog: { id: string; slug: string; path: string };
  /** Posts an entry (published unless told otherwise) at the clock's time; returns it. */
  post(fields: EntryFields, release?: EntryRelease | null): ReturnType<typeof liveBlogs.createEntry>;
  /** The page at `path`: status and body. */
  get(path: string): Promise<{ status: number; body: string; location: string | undefined }>;
}

export async function openLiveSite(
  start = new Date('2026-03-29T00:30:00Z'),
  order: 'newest' | 'oldest' = 'newest',
  env: Record<string, string> = {},
  editions: string[] = ['uk'],
): Promise<LiveSite> {
  const clock = { now: start };
  const t = await createTestApp({ now: () => clock.now, env });
  await seedBasics(t);
  const made = await t.admin(
    'POST',
    '/api/admin/articles',
    validArticle({ headline: 'Election night, live', standfirst: 'Results as they come in.', status: 'published', editions }),
  );
  const { id, slug } = made.json();
  const who = () => ({ actor: 'account:test', now: clock.now });
  await liveBlogs.makeLiveBlog(t.app.ctx, id, { entryOrder: order }, who());
  return {
    t,
    clock,
    blog: { id, slug, path: `/world/${slug}` },
    post: (fields, release = { as: 'publish' }) => liveBlogs.createEntry(t.app.ctx, id, { writers: ['ada-reporter'], ...fields }, release, who()),
    get: async (path) => {
      const response = await t.get(path);
      return { status: response.statusCode, body: response.body, location: response.headers.location as string | undefined };
    },
  };
}

/** The entry ids a page shows, in order (pinned and stream alike). */
export const entryIds = (html: string) => [...html.matchAll(/<article id="entry-([0-9a-f-]+)"/g)].map((m) => m[1]!);
