import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { articles, listAuthors, liveBlogs, IdParams, type LiveEntryRecord } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { actorOf, staffOf, type StaffPrincipal } from '../../web/principal.ts';
import { STAFF_ROLES } from '../../web/roles.ts';
import { entryOfArticle, ownedBy, putLiveBlog, releaseOf } from '../admin-api/live-actions.ts';
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
import { assertMayOnEntry, assertMayRunBlog, entryRightsFor, mayRunBlog, releaseFor } from '../rights/live-rights.ts';

const config = { access: 'account', roles: STAFF_ROLES, strong: true } as const;
const hide = { hide: true };
const ENTRIES_SHOWN = 200;

/**
 * The JSON the live blog composer calls (CSRF in `x-csrf-token`, a strong staff session).
 * Each write asks the live blog rights first; the content services then apply the blog's
 * rules (closed blogs, versions, one pin), exactly as for the Admin API.
 */
export const liveApiRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const db = ctx.database.db;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store');
  });
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());

  /** An entry as the composer shows it: with what the caller may do to it, and which release "Publish" means for them. */
  const view = (entry: LiveEntryRecord, person: StaffPrincipal, holdEntries: boolean) => {
    const facts = { status: entry.status, own: ownedBy(entry, person) };
    return {
      ...presentEntry(entry),
      own: facts.own,
      rights: { ...entryRightsFor(person.role, facts), publish: mayRelease(person.role, 'publish', facts, holdEntries) },
    };
  };

  app.get('/articles/:id/live-blog', { config, schema: { ...hide, params: IdParams } }, async (request) => {
    const person = staffOf(request);
    await articles.getArticle(db, request.params.id);
    const blog = await liveBlogs.findBlog(db, request.params.id);
    const [byline, authors] = await Promise.all([bylineOf(db, person.id), listAuthors(db)]);
    return {
      authors: authors.map((a) => ({ slug: a.slug, name: a.name })),
      blog: blog ? presentBlog(blog) : null,
      mayRun: mayRunBlog(person.role, 'settings'),
      send: releaseFor(person.role, blog?.holdEntries ?? false),
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
    const found = await liveBlogs.newsroomEntries(db, blog.articleId, ENTRIES_SHOWN);
    // Drafts are their writer's until sent on: nobody else sees them half-written.
    const shown = found.filter((e) => e.status !== 'draft' || ownedBy(e, person));
    return { blog: presentBlog(blog), items: shown.map((e) => view(e, person, blog.holdEntries)) };
  });

  app.post('/articles/:id/entries', { config, schema: { ...hide, params: IdParams, body: CreateEntry } }, async (request, reply) => {
    const person = staffOf(request);
    const blog = await liveBlogs.getBlog(db, request.params.id);
    const { as = 'draft', scheduledAt, ...fields } = request.body;
    const facts = { status: 'draft', own: true } as const;
    if (fields.pinned) assertMayOnEntry(person.role, 'pin', facts);
    if (fields.keyEvent) assertMayOnEntry(person.role, 'key-event', facts);
    if (as !== 'draft') assertMayRelease(person.role, as, facts, blog.holdEntries);
    // The writer's own byline unless they name others.
    const writers = fields.writers ?? [(await bylineOf(db, person.id))?.slug].filter((s): s is string => !!s);
    const release = as === 'draft' ? null : releaseOf(as, scheduledAt);
    const entry = await liveBlogs.createEntry(ctx, blog.articleId, { ...fields, writers }, release, who(request));
    return reply.status(201).send(view(entry, person, blog.holdEntries));
  });

  app.get('/articles/:id/entries/:entryId', { config, schema: { ...hide, params: EntryParams } }, async (request) => {
    const person = staffOf(request);
    const blog = await liveBlogs.getBlog(db, request.params.id);
    const entry = await entryOfArticle(db, blog.articleId, request.params.entryId);
    if (entry.status === 'draft') assertMayOnEntry(person.role, 'edit', { status: entry.status, own: ownedBy(entry, person) });
    return view(entry, person, blog.holdEntries);
  });

  /** Autosave and edits in place, against the version the writer edited. */
  app.patch('/articles/:id/entries/:entryId', { config, schema: { ...hide, params: EntryParams, body: UpdateEntry } }, async (request) => {
    const person = staffOf(request);
    const blog = await liveBlogs.getBlog(db, request.params.id);
    const before = await entryOfArticle(db, blog.articleId, request.params.entryId);
    const facts = { status: before.status, own: ownedBy(before, person) };
    const { keyEvent, pinned, version, ...words } = request.body;
    const changesWords = Object.values(words).some((v) => v !== undefined);
    const changesMarks = (keyEvent !== undefined && keyEvent !== before.keyEvent) || (pinned !== undefined && pinned !== before.pinned);
    // A change of words is an edit, and so is a patch that changes nothing (it still takes a version and tells readers).
    if (changesWords || !changesMarks) assertMayOnEntry(person.role, 'edit', facts);
    if (keyEvent !== undefined && keyEvent !== before.keyEvent) assertMayOnEntry(person.role, 'key-event', facts);
    if (pinned !== undefined && pinned !== before.pinned) assertMayOnEntry(person.role, 'pin', facts);
    return view(await liveBlogs.updateEntry(ctx, before.id, request.body, who(request)), person, blog.holdEntries);
  });

  app.post('/articles/:id/entries/:entryId/publish', { config, schema: { ...hide, params: EntryParams, body: ReleaseEntry } }, async (request) => {
    const person = staffOf(request);
    const blog = await liveBlogs.getBlog(db, request.params.id);
    const before = await entryOfArticle(db, blog.articleId, request.params.entryId);
    const { version, as = 'publish', scheduledAt } = request.body;
    assertMayRelease(person.role, as, { status: before.status, own: ownedBy(before, person) }, blog.holdEntries);
    return view(await liveBlogs.releaseDraft(ctx, before.id, version, releaseOf(as, scheduledAt), who(request)), person, blog.holdEntries);
  });

  app.delete('/articles/:id/entries/:entryId', { config, schema: { ...hide, params: EntryParams, querystring: DeleteEntryQuery } }, async (request, reply) => {
    const person = staffOf(request);
    const before = await entryOfArticle(db, request.params.id, request.params.entryId);
    assertMayOnEntry(person.role, 'delete', { status: before.status, own: ownedBy(before, person) });
    await liveBlogs.deleteEntry(ctx, before.id, request.query.version, who(request));
    return reply.status(204).send();
  });

  /** The composer's list reads as "nothing new" cheaply: the blog's change number moves with every visible change. */
  app.get('/articles/:id/live-blog/change', { config, schema: { ...hide, params: IdParams, querystring: Type.Object({}) } }, async (request) => {
    const blog = await liveBlogs.getBlog(db, request.params.id);
    return { change: blog.lastChange, version: blog.version };
  });
};
