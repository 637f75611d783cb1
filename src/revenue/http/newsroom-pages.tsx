import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { FormKit } from '../../web/forms/kit.tsx';
import { pageQuery, text } from '../../web/forms/schema.ts';
import { staffOf } from '../../web/principal.ts';
import { EDITOR_ROLES } from '../../web/roles.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { TestForm } from '../asks/definition.ts';
import { changeStatus, createTest, editableTest, reviseTest, targetChoices, testsOverview, type AskTestDeps, type EditableTest } from '../asks/service.ts';
import type { AskSource } from '../asks/source.ts';
import { contributionsCsv, dashboardOf, periodOf } from '../reports/service.ts';
import { DashboardPage } from '../view/dashboard.tsx';
import { TestEditor } from '../view/test-editor.tsx';
import { TestList } from '../view/test-list.tsx';
import { formOfTest } from '../view/test-values.ts';
import { StatusBody, TEST_FORM_LISTS, TestFormBody, testFormOf } from './ask-test-form.ts';

/** A test's address; checked as an id by the service, so a wrong one is a 404 like a missing one. */
const TestParams = Type.Object({ id: Type.String() });
/** What the last change did, shown above the editor. */
const EditorQuery = pageQuery({ done: text() });
const PeriodQuery = pageQuery({ from: text(), to: text() });

const DONE = new Map([
  ['saved', 'Saved.'],
  ['live', 'The test is live.'],
  ['stopped', 'The test is stopped.'],
  ['draft', 'The test is back to draft.'],
]);

/** Mistakes an editor can correct: the editor shows again with the reason. */
const correctable = (error: unknown): error is AppError => error instanceof AppError && ['invalid', 'conflict'].includes(error.code);

/**
 * The newsroom's reader revenue: tests of support asks (made, edited with a preview of each
 * variant, started, stopped, scheduled) and the contributions dashboard with its CSV export.
 * Editors and admins; every change is audited (see asks/service.ts).
 */
export function registerRevenueNewsroom(app: FastifyInstance, ctx: AppContext, kit: FormKit, source: AskSource): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = kit.newsroomPage;
  const db = ctx.database.db;
  const deps: AskTestDeps = { database: ctx.database, now: ctx.now, source };
  const config = { access: 'account', html: true, roles: EDITOR_ROLES, strong: true, formLists: TEST_FORM_LISTS } as const;

  /** The editor: the stored test, or (after a mistake) the form as it was typed, with the reason. */
  async function editor(reply: FastifyReply, stored: EditableTest | null, shown: { done?: string | undefined; error?: string; typed?: TestForm } = {}) {
    const { done, error, typed: values } = shown;
    const notice = done === undefined ? undefined : DONE.get(done);
    const test = stored?.test ?? null;
    const view = (
      <TestEditor
        test={test}
        values={values ?? formOfTest(test)}
        version={stored?.version ?? 0}
        lists={await targetChoices(db)}
        state={kit.state(reply, '/newsroom/revenue', { error })}
        notice={notice}
        now={ctx.now().getTime()}
      />
    );
    return page(reply, test?.name ?? 'New test', view, error ? 422 : 200);
  }

  typed.get('/newsroom/revenue', { config, schema: { hide: true } }, async (_request, reply) => {
    const { tests, results } = await testsOverview(deps);
    return page(reply, 'Reader revenue', <TestList tests={tests} results={results} />);
  });

  typed.get('/newsroom/revenue/tests/new', { config, schema: { hide: true, querystring: EditorQuery } }, (request, reply) =>
    editor(reply, null, { done: request.query.done }),
  );
  typed.get('/newsroom/revenue/tests/:id', { config, schema: { hide: true, params: TestParams, querystring: EditorQuery } }, async (request, reply) =>
    editor(reply, await editableTest(deps, request.params.id), { done: request.query.done }),
  );

  typed.post('/newsroom/revenue/tests', { config, schema: { hide: true, body: TestFormBody } }, async (request, reply) => {
    const form = testFormOf(request.body);
    try {
      const id = await createTest(deps, staffOf(request), form);
      return reply.redirect(`/newsroom/revenue/tests/${id}?done=saved`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return editor(reply, null, { error: error.message, typed: form });
    }
  });

  typed.post('/newsroom/revenue/tests/:id', { config, schema: { hide: true, params: TestParams, body: TestFormBody } }, async (request, reply) => {
    const stored = await editableTest(deps, request.params.id);
    const form = testFormOf(request.body);
    try {
      if (request.body.version === undefined)
        throw new AppError('bad_request', 'The form is missing the version it was opened at: reload the page and save again.', 'version');
      await reviseTest(deps, staffOf(request), stored.test.id, Number(request.body.version), form);
      return reply.redirect(`/newsroom/revenue/tests/${stored.test.id}?done=saved`, 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return editor(reply, stored, { error: error.message, typed: form });
    }
  });

  typed.post('/newsroom/revenue/tests/:id/status', { config, schema: { hide: true, params: TestParams, body: StatusBody } }, async (request, reply) => {
    const stored = await editableTest(deps, request.params.id);
    try {
      const status = await changeStatus(deps, staffOf(request), stored.test.id, request.body.status);
      return reply.redirect(`/newsroom/revenue/tests/${stored.test.id}?done=${status}`, 303);
    } catch (error) {
      // A start that would tie with a live test: the editor says with which.
      if (error instanceof AppError && error.code === 'conflict') return editor(reply, stored, { error: error.message });
      throw error;
    }
  });

  typed.get('/newsroom/revenue/dashboard', { config, schema: { hide: true, querystring: PeriodQuery } }, async (request, reply) => {
    const period = periodOf(request.query, ctx.now());
    return page(reply, 'Contributions', <DashboardPage period={period.days} report={await dashboardOf(db, period)} />);
  });

  typed.get('/newsroom/revenue/export.csv', { config, schema: { hide: true, querystring: PeriodQuery } }, async (request, reply) => {
    const { filename, csv } = await contributionsCsv(db, periodOf(request.query, ctx.now()));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  });
}
