import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { articles, entryReferences, listAuthors, liveBlogs, IdParams, type LiveBlogRecord, type LiveEntryRecord } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { actorOf, staffOf, type StaffPrincipal } from '../../web/principal.ts';
import { STAFF_ROLES } from '../../web/roles.ts';
import { blogSeen, entryCheck, entryOfArticle, putLiveBlog, releaseOf } from '../admin-api/live-actions.ts';
import {
  CreateEntry,
  DeleteEntryQuery,
  EntryParams,
  LiveBlogSettingsBody,
  ReleaseEntry,
  UpdateEntry,
  presentBlog,
  presentEntry,
} from '../admin-api/live-schemas.ts';
import { bylineOf } from '../privacy/repository.ts';
import { assertMayRelease, mayRelease } from '../rights/live-release.ts';
import {
  assertMayOnEntry,
  assertMayRunBlog,
  creatorIdOf,
  entryRightsFor,
  factsOf,
  mayRunBlog,
  maySeeEntry,
  releaseFor,
  type EntryReader,
} from '../rights/live-rights.ts';

const config = { access: 'account', roles: STAFF_ROLES, strong: true } as const;
const hide = { hide: true };
const ENTRIES_SHOWN = 200;
const readerOf = (person: StaffPrincipal): EntryReader => ({ account: person.id });

/**
 * The JSON the live blog composer calls (CSRF in `x-csrf-token`, a strong staff session).
 * Each entry write hands the live blog rights to the content service as a check, which runs
 * it on the entry and blog as locked, before the blog's own rules (closed blogs, versions, one
 * pin) apply exactly as for the Admin API. Who sees which entry is `maySeeEntry`, everywhere
 * (the list asks its query for the drafts `maySeeEntry` would let through).
 */
export const liveApiRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const db = ctx.database.db;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store');
  });
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());

  /** An entry as the composer shows it: with what the caller may do to it, and which release "Publish" means for them. */
  const view = (entry: LiveEntryRecord, person: StaffPrincipal, holdEntries: boolean) => {
    const facts = factsOf(readerOf(person), entry);
    return {
      ...presentEntry(entry),
      own: facts.own,
      rights: { ...entryRightsFor(person.role, facts), publish: mayRelease(person.role, 'publish', facts, holdEntries) },
    };
  };
  /** Views with the pictures and stories each body points at, so an entry opened for editing draws them as when they were added. */
  const viewsWithReferences = async (entries: LiveEntryRecord[], person: StaffPrincipal, holdEntries: boolean) => {
    const references = await entryReferences(db, entries, ctx.urls);
    return entries.map((e) => ({ ...view(e, person, holdEntries), references: references.get(e.id) ?? { images: {}, articles: {} } }));
  };
  const viewWithReferences = async (entry: LiveEntryRecord, person: StaffPrincipal, holdEntries: boolean) =>
    (await viewsWithReferences([entry], person, holdEntries))[0]!;

  app.get('/articles/:id/live-blog', { config, schema: { ...hide, params: IdParams } }, async (request) => {
    const person = staffOf(request);
    await articles.getArticle(db, request.params.id);
    const blog = await liveBlogs.findBlog(db, request.params.id);
    const [byline, authors] = await Promise.all([bylineOf(db, person.id), listAuthors(db)]);
    return {
      authors: authors.map((a) => ({ slug: a.slug, name: a.name })),
      blog: blog ? presentBlog(blog) : null,
      mayRun: mayRunBlog(person.role, 'settings'),
      // An article not yet a live blog holds nothing: "Publish" is what it will mean once it is one.
      send: releaseFor(person.role, blog ? blog.holdEntries : false),
      mayPin: person.role === 'editor' || person.role === 'admin',
      mySlug: byline?.slug ?? null,
      role: person.role,
    };
  });

  app.put('/articles/:id/live-blog', { config, schema: { ...hide, params: IdParams, body: LiveBlogSettingsBody } }, async (request, reply) => {
    const person = staffOf(request);
    assertMayRunBlog(person.role, request.body.version === undefined ? 'make' : request.body.state ? 'open-close' : 'settings');
    await articles.getArticle(db, request.params.id);
    const { made, blog } = await putLiveBlog(ctx, request.params.id, request.body, who(request));
    return reply.status(made ? 201 : 200).send(presentBlog(blog));
  });

  app.get('/articles/:id/entries', { config, schema: { ...hide, params: IdParams } }, async (request) => {
    const person = staffOf(request);
    const blog = await liveBlogs.getBlog(db, request.params.id);
    const reader = readerOf(person);
    // The query keeps to the rule so its LIMIT counts what is shown; the rule itself has the last word.
    const shown = (await liveBlogs.newsroomEntries(db, blog.articleId, creatorIdOf(reader), ENTRIES_SHOWN)).filter((entry) => maySeeEntry(reader, entry));
    return { blog: presentBlog(blog), items: await viewsWithReferences(shown, person, blog.holdEntries) };
  });

  app.post('/articles/:id/entries', { config, schema: { ...hide, params: IdParams, body: CreateEntry } }, async (request, reply) => {
    const person = staffOf(request);
    const { as = 'draft', scheduledAt, ...fields } = request.body;
    const facts = { status: 'draft', own: true } as const;
    // The blog's "hold entries" is judged as the write locked it, so an editor's change of it is never overtaken.
    const locked = blogSeen();
    const check = (blog: LiveBlogRecord) => {
      locked.see(blog);
      if (fields.pinned) assertMayOnEntry(person.role, 'pin', facts);
      if (fields.keyEvent) assertMayOnEntry(person.role, 'key-event', facts);
      if (as !== 'draft') assertMayRelease(person.role, as, facts, blog.holdEntries);
    };
    // The writer's own byline unless they name others.
    const writers = fields.writers ?? [(await bylineOf(db, person.id))?.slug].filter((s): s is string => !!s);
    const release = as === 'draft' ? null : releaseOf(as, scheduledAt);
    const entry = await liveBlogs.createEntry(ctx, request.params.id, { ...fields, writers }, release, who(request), check);
    return reply.status(201).send(await viewWithReferences(entry, person, locked.holdEntries));
  });

  app.get('/articles/:id/entries/:entryId', { config, schema: { ...hide, params: EntryParams } }, async (request) => {
    const person = staffOf(request);
    const blog = await liveBlogs.getBlog(db, request.params.id);
    const entry = await entryOfArticle(db, blog.articleId, request.params.entryId, readerOf(person));
    return viewWithReferences(entry, person, blog.holdEntries);
  });

  /**
   * Autosave and edits in place, against the version the writer edited. Each write below judges
   * the caller's rights inside its transaction, on the entry as locked: an entry that changed
   * state or was sent on meanwhile is judged as it now is.
   */
  app.patch('/articles/:id/entries/:entryId', { config, schema: { ...hide, params: EntryParams, body: UpdateEntry } }, async (request) => {
    const person = staffOf(request);
    const { keyEvent, pinned, version: _version, ...words } = request.body;
    const changesWords = Object.values(words).some((v) => v !== undefined);
    const { check, locked } = entryCheck(request.params.id, readerOf(person), (before) => {
      const facts = factsOf(readerOf(person), before);
      const changesMarks = (keyEvent !== undefined && keyEvent !== before.keyEvent) || (pinned !== undefined && pinned !== before.pinned);
      // A change of words is an edit, and so is a patch that changes nothing (it still takes a version and tells readers).
      if (changesWords || !changesMarks) assertMayOnEntry(person.role, 'edit', facts);
      if (keyEvent !== undefined && keyEvent !== before.keyEvent) assertMayOnEntry(person.role, 'key-event', facts);
      if (pinned !== undefined && pinned !== before.pinned) assertMayOnEntry(person.role, 'pin', facts);
    });
    const saved = await liveBlogs.updateEntry(ctx, request.params.entryId, request.body, who(request), check);
    return viewWithReferences(saved, person, locked.holdEntries);
  });

  app.post('/articles/:id/entries/:entryId/publish', { config, schema: { ...hide, params: EntryParams, body: ReleaseEntry } }, async (request) => {
    const person = staffOf(request);
    const { version, as = 'publish', scheduledAt } = request.body;
    const release = releaseOf(as, scheduledAt);
    const { check, locked } = entryCheck(request.params.id, readerOf(person), (before, blog) =>
      assertMayRelease(person.role, as, factsOf(readerOf(person), before), blog.holdEntries),
    );
    const sent = await liveBlogs.releaseDraft(ctx, request.params.entryId, version, release, who(request), check);
    return viewWithReferences(sent, person, locked.holdEntries);
  });

  app.delete('/articles/:id/entries/:entryId', { config, schema: { ...hide, params: EntryParams, querystring: DeleteEntryQuery } }, async (request, reply) => {
    const person = staffOf(request);
    const { check } = entryCheck(request.params.id, readerOf(person), (before) => assertMayOnEntry(person.role, 'delete', factsOf(readerOf(person), before)));
    await liveBlogs.deleteEntry(ctx, request.params.entryId, request.query.version, who(request), check);
    return reply.status(204).send();
  });

  /** The composer's list reads as "nothing new" cheaply: the blog's change number moves with every visible change. */
  app.get('/articles/:id/live-blog/change', { config, schema: { ...hide, params: IdParams, querystring: Type.Object({}) } }, async (request) => {
    const blog = await liveBlogs.getBlog(db, request.params.id);
    return { change: blog.lastChange, version: blog.version };
  });
};
