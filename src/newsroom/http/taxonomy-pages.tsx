import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listStaff } from '../staff/service.ts';
import { bylineAccounts, linkByline } from '../bylines/repository.ts';
import { automaticTopics, setAutomaticTopic } from '../../alerts/repository.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { Csrf, type FormState } from '../../web/forms/components.tsx';
import { listAuthors, listSections, listTopics } from '../../content/taxonomy/repository.ts';
import * as taxonomy from '../../content/taxonomy/service.ts';
import type { AppContext } from '../../context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { graphemeCount, TEXT_FORMAT_MESSAGES, TEXT_FORMATS } from '../../platform/text.ts';
import { audit } from '../audit/repository.ts';
import { EDITOR_ROLES } from '../../web/roles.ts';

/**
 * Sections, topics and authors, managed by editors and admins from the newsroom (the Admin API
 * offers the same to integrations). Each change is audited and refreshes every page that
 * shows the names.
 */
const KINDS = ['section', 'topic', 'author'] as const;
type Kind = (typeof KINDS)[number];

interface FieldRule {
  label: string;
  format: keyof typeof TEXT_FORMATS;
  max: number;
  required?: boolean;
  multiline?: boolean;
}

const FIELDS: Record<Kind, Record<string, FieldRule>> = {
  section: { name: { label: 'Name', format: 'name', max: 200, required: true }, description: { label: 'Description', format: 'text', max: 1_000, multiline: true } },
  topic: { name: { label: 'Name', format: 'name', max: 200, required: true }, description: { label: 'Description', format: 'text', max: 1_000, multiline: true } },
  author: {
    name: { label: 'Name', format: 'name', max: 200, required: true },
    title: { label: 'Title', format: 'line', max: 120 },
    bio: { label: 'Biography', format: 'text', max: 3_000, multiline: true },
  },
};

/** Pure: a form's fields for `kind`, checked as strictly as the Admin API checks its JSON. */
export function readTaxonomyFields(kind: Kind, body: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, rule] of Object.entries(FIELDS[kind])) {
    const value = (body[name] ?? '').trim();
    if (rule.required && !value) throw invalid(name, `${rule.label} is required.`);
    if (!TEXT_FORMATS[rule.format](value) && value) throw invalid(name, `${rule.label} ${TEXT_FORMAT_MESSAGES[rule.format]}.`);
    if (graphemeCount(value) > rule.max) throw invalid(name, `${rule.label} must be at most ${rule.max} characters.`);
    out[name] = value;
  }
  return out;
}

interface Row {
  id: string;
  slug: string;
  version: number;
  values: Record<string, string>;
  parent?: string | null;
}

function Fields({ kind, values }: { kind: Kind; values: Record<string, string> }) {
  return (
    <>
      {Object.entries(FIELDS[kind]).map(([name, rule]) => (
        <label>
          {rule.label} {rule.multiline ? <textarea name={name} rows={2} value={values[name] ?? ''} /> : <input name={name} value={values[name] ?? ''} required={rule.required} />}
        </label>
      ))}
    </>
  );
}

const TITLES: Record<Kind, string> = { section: 'Sections', topic: 'Topics', author: 'Authors' };

/** Whose newsroom account a byline is: that account's comments on the author's articles carry the Author badge. */
interface Bylines {
  staff: { id: string; name: string }[];
  linked: Map<string, string>;
}

function BylineAccount({ row, state, bylines }: { row: Row; state: FormState; bylines: Bylines }) {
  return (
    <form method="post" action="/newsroom/taxonomy/author/account" class="taxonomy__edit">
      <Csrf state={state} />
      <input type="hidden" name="id" value={row.id} />
      <label>
        Newsroom account (for the Author badge on comments){' '}
        <select name="userId">
          <option value="">(none)</option>
          {bylines.staff.map((s) => (
            <option value={s.id} selected={bylines.linked.get(row.id) === s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button class="button" type="submit">
        Link
      </button>
    </form>
  );
}

/** Whether a topic's new articles go to its followers as an alert the moment they are first published. */
function TopicAlerts({ row, state, on }: { row: Row; state: FormState; on: boolean }) {
  return (
    <form method="post" action="/newsroom/taxonomy/topic/alerts" class="taxonomy__edit">
      <Csrf state={state} />
      <input type="hidden" name="id" value={row.id} />
      <label class="taxonomy__check">
        <input type="checkbox" name="automatic" value="on" checked={on} /> Alert this topic's followers when a new article in it is published
      </label>
      <button class="button" type="submit">
        Save
      </button>
    </form>
  );
}

function KindPanel({ kind, rows, state, sections, bylines, alerting }: { kind: Kind; rows: Row[]; state: FormState; sections: { slug: string; name: string }[]; bylines: Bylines; alerting: Set<string> }) {
  const parentSelect = (value: string | null | undefined) =>
    kind === 'section' && (
      <label>
        Inside{' '}
        <select name="parent">
          <option value="">(top level)</option>
          {sections.map((s) => (
            <option value={s.slug} selected={s.slug === value}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
    );
  return (
    <section class="taxonomy" id={kind}>
      <h2>{TITLES[kind]}</h2>
      <form method="post" action={`/newsroom/taxonomy/${kind}`} class="taxonomy__new">
        <Csrf state={state} />
        <Fields kind={kind} values={{}} />
        {parentSelect(null)}
        <button class="button button--primary" type="submit">
          Add
        </button>
      </form>
      <ul class="taxonomy__list">
        {rows.map((row) => (
          <li>
            <details>
              <summary>
                {row.values.name} <span class="taxonomy__slug">/{row.slug}</span>
                {kind === 'topic' && alerting.has(row.id) && <span class="taxonomy__flag"> · alerts on publish</span>}
              </summary>
              <form method="post" action={`/newsroom/taxonomy/${kind}/update`} class="taxonomy__edit">
                <Csrf state={state} />
                <input type="hidden" name="id" value={row.id} />
                <input type="hidden" name="version" value={String(row.version)} />
                <Fields kind={kind} values={row.values} />
                {parentSelect(row.parent)}
                <button class="button" type="submit">
                  Save
                </button>
              </form>
              {kind === 'author' && <BylineAccount row={row} state={state} bylines={bylines} />}
              {kind === 'topic' && <TopicAlerts row={row} state={state} on={alerting.has(row.id)} />}
              <form method="post" action={`/newsroom/taxonomy/${kind}/delete`}>
                <Csrf state={state} />
                <input type="hidden" name="id" value={row.id} />
                <button class="button button--danger" type="submit">
                  Delete
                </button>
              </form>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function registerTaxonomyPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const { state, formPost } = kit;
  const page = kit.newsroomPage;
  const db = ctx.database.db;
  const editors = { config: { access: 'account', html: true, roles: EDITOR_ROLES, strong: true } } as const;
  const actor = (request: FastifyRequest) => request.principal as Extract<typeof request.principal, { kind: 'account' }>;

  async function taxonomyPage(_request: FastifyRequest, reply: FastifyReply, error?: string) {
    const [sections, topics, authors, staff, linked, alerting] = await Promise.all([listSections(db), listTopics(db), listAuthors(db), listStaff(db), bylineAccounts(db), automaticTopics(db)]);
    const bylines: Bylines = { staff: staff.map((s) => ({ id: s.id, name: `${s.displayName} (${s.email})` })), linked };
    const slugOf = new Map(sections.map((s) => [s.id, s.slug]));
    const rows: Record<Kind, Row[]> = {
      section: sections.map((s) => ({ id: s.id, slug: s.slug, version: s.version, values: { name: s.name, description: s.description }, parent: s.parentId ? slugOf.get(s.parentId) : null })),
      topic: topics.map((x) => ({ id: x.id, slug: x.slug, version: x.version, values: { name: x.name, description: x.description } })),
      author: authors.map((x) => ({ id: x.id, slug: x.slug, version: x.version, values: { name: x.name, title: x.title, bio: x.bio } })),
    };
    const form = state(reply, '/newsroom/taxonomy', { error });
    const choices = sections.map((s) => ({ slug: s.slug, name: s.name }));
    return page(
      reply,
      'Sections, topics and authors',
      <div class="newsroom">
        <p class="breadcrumb">
          <a href="/newsroom">Newsroom</a> › Sections, topics and authors
        </p>
        <h1>Sections, topics and authors</h1>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        {KINDS.map((kind) => (
          <KindPanel kind={kind} rows={rows[kind]} state={form} sections={choices} bylines={bylines} alerting={alerting} />
        ))}
      </div>,
      error ? 422 : 200,
    );
  }

  app.get('/newsroom/taxonomy', editors, (request, reply) => taxonomyPage(request, reply));

  const kindOf = (request: FastifyRequest): Kind => {
    const kind = (request.params as { kind: string }).kind;
    if (!(KINDS as readonly string[]).includes(kind)) throw new AppError('not_found', 'There is no such list.');
    return kind as Kind;
  };
  const idOf = (body: Record<string, string | undefined>) => {
    const id = body.id ?? '';
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('bad_request', 'No entry was named.');
    return id;
  };
  /** Audits a change (the taxonomy service has told every cached page that names may have changed). */
  async function change(request: FastifyRequest, kind: Kind, action: string, targetId: string, details: Record<string, unknown>) {
    await audit(db, actor(request), { action: `${kind}.${action}`, targetType: kind, targetId, details }, ctx.now());
    return `/newsroom/taxonomy#${kind}`;
  }
  const parentOf = (body: Record<string, string | undefined>) => (body.parent ? body.parent : null);

  formPost('/newsroom/taxonomy/:kind', editors, async (request, body) => {
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
  }, taxonomyPage);

  formPost('/newsroom/taxonomy/:kind/update', editors, async (request, body) => {
    const kind = kindOf(request);
    const id = idOf(body);
    const version = Number(body.version);
    if (!Number.isInteger(version) || version < 1) throw new AppError('bad_request', 'The form is missing the version it edited; reload the page.');
    const fields = readTaxonomyFields(kind, body);
    if (kind === 'section') await taxonomy.updateSection(ctx, id, { ...fields, parent: parentOf(body), version });
    else if (kind === 'topic') await taxonomy.updateTopic(ctx, id, { ...fields, version });
    else await taxonomy.updateAuthor(ctx, id, { ...fields, version });
    return change(request, kind, 'update', id, { name: fields.name });
  }, taxonomyPage);

  formPost('/newsroom/taxonomy/author/account', editors, async (request, body) => {
    const id = idOf(body);
    if (!(await listAuthors(db)).some((a) => a.id === id)) throw new AppError('not_found', 'There is no such author.');
    const userId = body.userId || null;
    if (userId && !(await listStaff(db)).some((s) => s.id === userId)) throw invalid('userId', 'Choose a newsroom account from the list.');
    await linkByline(db, id, userId);
    return change(request, 'author', 'link-account', id, { userId });
  }, taxonomyPage);

  formPost('/newsroom/taxonomy/topic/alerts', editors, async (request, body) => {
    const id = idOf(body);
    if (!(await listTopics(db)).some((t) => t.id === id)) throw new AppError('not_found', 'There is no such topic.');
    const automatic = body.automatic === 'on';
    await setAutomaticTopic(db, id, automatic, ctx.now());
    return change(request, 'topic', 'alerts', id, { automatic });
  }, taxonomyPage);

  formPost('/newsroom/taxonomy/:kind/delete', editors, async (request, body) => {
    const kind = kindOf(request);
    const id = idOf(body);
    if (kind === 'section') await taxonomy.deleteSection(ctx, id);
    else if (kind === 'topic') await taxonomy.deleteTopic(ctx, id);
    else await taxonomy.deleteAuthor(ctx, id);
    return change(request, kind, 'delete', id, {});
  }, taxonomyPage);
}
