import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listEditions } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { EDITOR_ROLES } from '../../web/roles.ts';
import { actorOf } from '../../web/principal.ts';
import { applyAction, errorPlace, parseAction, rowsFromForm, rowsToSave, toInput, toRows, type Row } from './form.ts';
import { NavigationPage, type MenuForm } from './newsroom-page.tsx';
import { MENU_NAMES, readEditionMenus, saveMenu, type EditionMenus, type MenuState } from './service.ts';
import { isMenuName, type MenuName } from './validate.ts';

/** Editors and admins, with a strong session: a menu is on every page readers see. */
const editors = { access: 'account', html: true, roles: EDITOR_ROLES, strong: true } as const;
const PageQuery = Type.Object(
  { edition: Type.Optional(Type.String({ maxLength: 100 })), saved: Type.Optional(Type.String({ maxLength: 20 })) },
  { additionalProperties: true },
);
const MenuParams = Type.Object({ edition: Type.String({ maxLength: 100 }), menu: Type.String({ maxLength: 20 }) });
/** The kit's fields, the version, the button pressed and the rows (`label-0`, `url-0-1`...), nothing else. */
const MenuFormBody = Type.Record(
  Type.String({ pattern: '^(_csrf|returnTo|version|action|(label|url)-\\d{1,2}(-\\d{1,2})?)$' }),
  Type.String({ maxLength: 2000 }),
  {
    maxProperties: 600,
    additionalProperties: false,
  },
);

const when = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function formOf(menu: MenuName, state: MenuState, extra: Partial<MenuForm> = {}): MenuForm {
  return {
    menu,
    rows: toRows(state.items),
    version: state.version,
    saved: state.savedAt && state.actor !== null ? { actor: state.actor, at: when(state.savedAt) } : null,
    editing: false,
    ...extra,
  };
}

/** The newsroom's navigation page: each edition's header and footer menus, edited in plain forms. */
export function registerNavigationPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.database.db;
  const read = (edition: string): Promise<EditionMenus> => readEditionMenus({ db, urls: ctx.urls, publicUrl: ctx.config.publicUrl }, edition);

  async function render(reply: FastifyReply, edition: string, replace: Partial<Record<MenuName, MenuForm>>, status = 200, notice?: string) {
    const [editions, menus] = await Promise.all([listEditions(db), read(edition)]);
    const forms = MENU_NAMES.map((menu) => replace[menu] ?? formOf(menu, menus[menu]));
    const state = kit.state(reply, `/newsroom/navigation?edition=${edition}`);
    const page = (
      <NavigationPage editions={editions.map((e) => ({ code: e.code, name: e.name }))} edition={edition} forms={forms} state={state} notice={notice} />
    );
    return kit.newsroomPage(reply, 'Navigation', page, status);
  }

  typed.get('/newsroom/navigation', { config: editors, schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const editions = await listEditions(db);
    const edition = request.query.edition ?? editions[0]?.code;
    if (!edition || !editions.some((e) => e.code === edition)) throw new AppError('not_found', 'There is no such edition.');
    const saved = request.query.saved && isMenuName(request.query.saved) ? `The ${request.query.saved} menu was saved: readers see it now.` : undefined;
    return render(reply, edition, {}, 200, saved);
  });

  typed.post(
    '/newsroom/navigation/:edition/:menu',
    { config: editors, schema: { hide: true, params: MenuParams, body: MenuFormBody } },
    async (request, reply) => {
      const { edition, menu } = request.params;
      if (!isMenuName(menu)) throw new AppError('not_found', 'There is no such menu.');
      const body = request.body;
      const action = parseAction(body.action);
      if (!action) throw new AppError('bad_request', 'The form did not say what to do; reload the page.');
      const version = Number(body.version);
      if (!Number.isInteger(version) || version < 0) throw new AppError('bad_request', 'The form is missing the version it edited; reload the page.');
      const rows = rowsFromForm(body);
      const editing = (changed: Row[], extra: Partial<MenuForm> = {}): MenuForm => ({ menu, rows: changed, version, saved: null, editing: true, ...extra });
      if (action.kind !== 'save') return render(reply, edition, { [menu]: editing(applyAction(rows, action)) });

      const kept = rowsToSave(rows);
      try {
        await saveMenu(ctx, { edition, menu, items: toInput(kept), version }, actorOf(request, ctx.now()));
      } catch (error) {
        if (!(error instanceof AppError) || !['bad_request', 'conflict'].includes(error.code)) throw error;
        const theirs = error.code === 'conflict' ? (error.details?.theirs as { items: Row[]; version: number; actor: string } | null | undefined) : undefined;
        const placed = errorPlace(error.field);
        const form = editing(kept, {
          error: { message: error.message, ...(placed ?? {}) },
          // Saving again after a conflict replaces theirs: the form now names their version.
          ...(theirs ? { version: theirs.version, theirs: { rows: toRows(theirs.items), actor: theirs.actor } } : {}),
        });
        return render(reply, edition, { [menu]: form }, error.code === 'conflict' ? 409 : 400);
      }
      return reply.redirect(`/newsroom/navigation?edition=${encodeURIComponent(edition)}&saved=${menu}`, 303);
    },
  );
}
