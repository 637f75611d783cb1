import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { listStaff } from '../staff/service.ts';
import { bylineAccounts, linkBylineToAccount } from '../bylines/service.ts';
import { setTopicAlertOnPublish, topicsAlertingOnPublish } from '../../alerts/index.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, text } from '../../web/forms/schema.ts';
import { accountOf } from '../../web/principal.ts';
import { listAuthors, listSections, listTopics, taxonomy } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { audit } from '../../platform/audit/repository.ts';
import { checked } from './checked.ts';
import { editorsOnly } from './route-access.ts';
import { KINDS, readTaxonomyFields, type Kind } from './taxonomy-fields.ts';
import { TaxonomyPage, type Bylines, type Row } from './taxonomy-views.tsx';

/**
 * Sections, topics and authors, managed by editors and admins from the newsroom (the Admin API
 * offers the same to integrations). Each change is audited and refreshes every page that
 * shows the names.
 */

/** Which list: anything else is a 404 naming none. */
const KindParams = Type.Object({ kind: Type.String({ maxLength: 100 }) });
/** Every field of an entry's forms (add, save, delete); `readTaxonomyFields` checks them as the Admin API would. */
const EntryForm = formBody({ id: text(200), version: text(100), parent: text(1_000), name: text(), description: text(), title: text(), bio: text() });
const BylineForm = formBody({ id: text(200), userId: text(200) });
const TopicAlertForm = formBody({ id: text(200), automatic: text(100) });

export function registerTaxonomyPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const { state, formPost } = kit;
  const page = kit.newsroomPage;
  const db = ctx.database.db;
  const editors = { config: editorsOnly, schema: { hide: true } } as const;
  const kindForm = { config: editorsOnly, schema: { hide: true, params: KindParams, body: EntryForm } } as const;

  async function taxonomyPage(_request: FastifyRequest, reply: FastifyReply, error?: string) {
    const [sections, topics, authors, staff, linked, alerting] = await Promise.all([
      listSections(db),
      listTopics(db),
      listAuthors(db),
      listStaff(db),
      bylineAccounts(db),
      topicsAlertingOnPublish(db),
    ]);
    const bylines: Bylines = { staff: staff.map((s) => ({ id: s.id, name: `${s.displayName} (${s.email})` })), linked };
    const slugOf = new Map(sections.map((s) => [s.id, s.slug]));
    const rows: Record<Kind, Row[]> = {
      section: sections.map((s) => ({
        id: s.id,
        slug: s.slug,
        version: s.version,
        values: { name: s.name, description: s.description },
        parent: s.parentId ? slugOf.get(s.parentId) : null,
      })),
      topic: topics.map((x) => ({ id: x.id, slug: x.slug, version: x.version, values: { name: x.name, description: x.description } })),
      author: authors.map((x) => ({ id: x.id, slug: x.slug, version: x.version, values: { name: x.name, title: x.title, bio: x.bio } })),
    };
    const form = state(reply, '/newsroom/taxonomy', { error });
    const choices = sections.map((s) => ({ slug: s.slug, name: s.name }));
    return page(
      reply,
      'Sections, topics and authors',
      <TaxonomyPage rows={rows} state={form} sections={choices} bylines={bylines} alerting={alerting} />,
      error ? 422 : 200,
    );
  }

  app.get('/newsroom/taxonomy', editors, (request, reply) => taxonomyPage(request, reply));

  const kindOf = (request: FastifyRequest): Kind => {
    const { kind } = checked(KindParams, request.params);
    const known = KINDS.find((k) => k === kind);
    if (!known) throw new AppError('not_found', 'There is no such list.');
    return known;
  };
  const idOf = (body: { id?: string | undefined }) => {
    const id = body.id ?? '';
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('bad_request', 'No entry was named.');
    return id;
  };
  /** Audits a change (the service that made it has already told every cached page). */
  async function change(request: FastifyRequest, kind: Kind, action: string, targetId: string, details: Record<string, unknown>) {
    await audit(db, accountOf(request), { action: `${kind}.${action}`, targetType: kind, targetId, details }, ctx.now());
    return `/newsroom/taxonomy#${kind}`;
  }
  const parentOf = (body: { parent?: string | undefined }) => (body.parent ? body.parent : null);

  formPost(
    '/newsroom/taxonomy/:kind',
    kindForm,
    async (request, body) => {
      const kind = kindOf(request);
      const fields = readTaxonomyFields(kind, body);
      const name = fields.name!;
      const made =
        kind === 'section'
          ? await taxonomy.createSection(ctx, { name, description: fields.description!, parent: parentOf(body) })
          : kind === 'topic'
            ? await taxonomy.createTopic(ctx, { name, description: fields.description! })
            : await taxonomy.createAuthor(ctx, { name, title: fields.title!, bio: fields.bio! });
      return change(request, kind, 'create', made.id, { name });
    },
    taxonomyPage,
  );

  formPost(
    '/newsroom/taxonomy/:kind/update',
    kindForm,
    async (request, body) => {
      const kind = kindOf(request);
      const id = idOf(body);
      const version = Number(body.version);
      if (!Number.isInteger(version) || version < 1) throw new AppError('bad_request', 'The form is missing the version it edited; reload the page.');
      const fields = readTaxonomyFields(kind, body);
      if (kind === 'section') await taxonomy.updateSection(ctx, id, { ...fields, parent: parentOf(body), version });
      else if (kind === 'topic') await taxonomy.updateTopic(ctx, id, { ...fields, version });
      else await taxonomy.updateAuthor(ctx, id, { ...fields, version });
      return change(request, kind, 'update', id, { name: fields.name });
    },
    taxonomyPage,
  );

  formPost(
    '/newsroom/taxonomy/author/account',
    { config: editorsOnly, schema: { hide: true, body: BylineForm } },
    async (request, body) => {
      const id = idOf(body);
      if (!(await listAuthors(db)).some((a) => a.id === id)) throw new AppError('not_found', 'There is no such author.');
      const userId = body.userId || null;
      if (userId && !(await listStaff(db)).some((s) => s.id === userId)) throw invalid('userId', 'Choose a newsroom account from the list.');
      await linkBylineToAccount(ctx, id, userId);
      return change(request, 'author', 'link-account', id, { userId });
    },
    taxonomyPage,
  );

  formPost(
    '/newsroom/taxonomy/topic/alerts',
    { config: editorsOnly, schema: { hide: true, body: TopicAlertForm } },
    async (request, body) => {
      const id = idOf(body);
      if (!(await listTopics(db)).some((t) => t.id === id)) throw new AppError('not_found', 'There is no such topic.');
      const automatic = body.automatic === 'on';
      await setTopicAlertOnPublish(ctx, id, automatic, ctx.now());
      return change(request, 'topic', 'alerts', id, { automatic });
    },
    taxonomyPage,
  );

  formPost(
    '/newsroom/taxonomy/:kind/delete',
    kindForm,
    async (request, body) => {
      const kind = kindOf(request);
      const id = idOf(body);
      if (kind === 'section') await taxonomy.deleteSection(ctx, id);
      else if (kind === 'topic') await taxonomy.deleteTopic(ctx, id);
      else await taxonomy.deleteAuthor(ctx, id);
      return change(request, kind, 'delete', id, {});
    },
    taxonomyPage,
  );
}
