/**
 * The dependency rules of Masthead's code (docs/ARCHITECTURE.md explains the layout), checked
 * by dependency-cruiser in `npm test` and `npm run deps`. Each rule's name is what a violation
 * prints; its comment says why the rule exists.
 *
 * The layers, bottom up:
 * - `src/platform/`: infrastructure (db, jobs, mail, http plumbing, errors); knows nothing above it.
 * - `src/web/`: the HTML/HTTP layer every domain stands on (layouts, form kit, islands, principal).
 * - domains: every other folder of `src/` except `client/` (accounts, content, comments, ...).
 *   Each has a front door, `index.ts` (its server surface) and, where browser code of others
 *   needs it, `browser.ts` (its browser-safe surface). Its browser code lives in `client/`.
 * - roots (composition): `src/*.ts` (app, main, context, schema) for the server and
 *   `src/client/*` (the browser bundles' entry points), and `src/cli/` (the `masthead` commands main.ts dispatches to).
 *
 * Tests (`*.test.ts(x)`, the setup several of them share beside them in `*.fixtures.ts(x)`, and
 * everything under `test/`) are exempt from the layer rules: a test sets up the situation it
 * checks, through a domain's repositories or the whole app, wherever it sits. They are not
 * exempt from `no-circular`, and production code never imports them.
 */
import { builtinModules } from 'node:module';

/** A test file anywhere, the setup its neighbours share (`*.fixtures.ts`), or the shared test support. */
const TEST = ['\\.test\\.tsx?$', '\\.fixtures\\.tsx?$', '^test/'];
/** Folders of src/ that are not domains. */
const NOT_DOMAINS = '^src/(platform|web|client|cli)/';
/** A domain's two front doors. */
const FRONT_DOOR = '^src/[^/]+/(index|browser)\\.tsx?$';
/** Code that runs in the reader's browser: islands, the bundles' entries, a domain's browser surface. */
const BROWSER = ['^src/[^/]+/client/', '^src/client/', '^src/web/islands/', '^src/[^/]+/browser\\.tsx?$'];
/** Node's own modules, with or without `node:`: as a name only they can match. */
const NODE_CORE = `^(node:)?(${builtinModules.filter((name) => !name.startsWith('_')).join('|')})$`;

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle means neither module can be understood, tested or moved without the other, and module ' +
        'initialisation order starts to matter. Type-only imports count: a cycle of types couples the modules just the same.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-front-door',
      severity: 'error',
      comment:
        "A domain reaches another only through its front door (index.ts, or browser.ts for browser code): the rest is the other domain's " +
        'inside (tables, repositories, helpers) that it must be free to change. Tests are exempt: they set up fixtures through repositories.',
      from: { path: '^src/([^/]+)/', pathNot: [NOT_DOMAINS, '^src/[^/]+/tables\\.ts$', ...TEST] },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', NOT_DOMAINS, FRONT_DOOR] },
    },
    {
      name: 'tables-name-tables',
      severity: 'error',
      comment:
        "The one allowance for domains: a domain's tables.ts may name another domain's table (its tables.ts) for a foreign key, because " +
        'the database is one schema and a foreign key is its own guarantee. Nothing else of the other domain, and only from tables.ts.',
      from: { path: '^src/([^/]+)/tables\\.ts$', pathNot: NOT_DOMAINS },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', NOT_DOMAINS, FRONT_DOOR, '^src/[^/]+/tables\\.ts$'] },
    },
    {
      name: 'domain-knows-no-root',
      severity: 'error',
      comment:
        'The roots (src/app.ts, main.ts, schema.ts, the commands in src/cli/ and the browser entries in src/client/) put the domains together; a domain ' +
        'that imported one would depend on every other domain through it. src/context.ts is the exception: it is the small, typed ' +
        'set of things every domain is given (config, database, media storage, URLs, content events, the clock), and it imports ' +
        'only platform/ and front doors.',
      from: { path: '^src/[^/]+/', pathNot: [NOT_DOMAINS, ...TEST] },
      to: { path: ['^src/[^/]+\\.tsx?$', '^src/client/', '^src/cli/'], pathNot: ['^src/context\\.ts$'] },
    },
    {
      name: 'platform-knows-no-domain',
      severity: 'error',
      comment:
        'platform/ is the infrastructure everything stands on: it imports nothing of src/ outside itself (no domain, no web/, no root), ' +
        'so it can be read, tested and changed without the product on top.',
      from: { path: '^src/platform/', pathNot: TEST },
      to: { path: '^src/', pathNot: ['^src/platform/'] },
    },
    {
      name: 'web-knows-no-domain',
      severity: 'error',
      comment:
        'web/ is the HTML/HTTP layer every domain stands on (layouts, form kit, islands, the signed-in principal): it imports only web/, ' +
        'platform/ and packages, so no domain is a dependency of the others through it.',
      from: { path: '^src/web/', pathNot: TEST },
      to: { path: '^src/', pathNot: ['^src/web/', '^src/platform/'] },
    },
    {
      name: 'browser-code-is-browser-safe',
      severity: 'error',
      comment:
        "Code bundled for the reader's browser cannot use Node's modules or the database, and a domain's index.ts is its server surface: " +
        'browser code imports browser.ts (the browser-safe surface) instead. Direct imports only: dependency-cruiser follows ' +
        "`import type` edges too when it looks further, and those vanish from the bundle (a browser file may name a server row's type). " +
        'A runtime chain to a Node module further down fails the browser bundle build (esbuild, platform browser) anyway.',
      from: { path: BROWSER, pathNot: TEST },
      to: { path: [NODE_CORE, '^src/platform/db/', '^src/[^/]+/index\\.tsx?$'] },
    },
    {
      name: 'roots-use-front-doors',
      severity: 'error',
      comment:
        "The roots put domains together through their front doors, like any other domain would. The browser entries also load each domain's " +
        'islands from its client/ folder; src/schema.ts has its own allowance (schema-collects-tables).',
      from: { path: ['^src/[^/]+\\.tsx?$', '^src/client/', '^src/cli/'], pathNot: TEST },
      to: { path: '^src/[^/]+/', pathNot: [NOT_DOMAINS, FRONT_DOOR, '^src/[^/]+/client/', '^src/[^/]+/tables\\.ts$', '^src/[^/]+/[^/]+/tables\\.ts$'] },
    },
    {
      name: 'schema-collects-tables',
      severity: 'error',
      comment:
        "Only src/schema.ts imports a domain's tables.ts directly: drizzle-kit writes migrations from every table in one schema. " +
        "Anywhere else a table is its own domain's business.",
      from: { path: ['^src/[^/]+\\.tsx?$', '^src/client/', '^src/cli/'], pathNot: ['^src/schema\\.ts$', ...TEST] },
      to: { path: ['^src/[^/]+/tables\\.ts$', '^src/[^/]+/[^/]+/tables\\.ts$'], pathNot: NOT_DOMAINS },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Production code never imports test code or the test harness: it would ship with the product and may behave differently in tests.',
      from: { path: '^src/', pathNot: TEST },
      to: { path: [...TEST, '^scripts/', '^bench/'] },
    },
    {
      name: 'not-to-undeclared-package',
      severity: 'error',
      comment: 'A package imported but not in package.json works only while another package happens to bring it along.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'production-not-to-dev-package',
      severity: 'error',
      comment:
        'Production code runs where `npm ci --omit=dev` installed only the dependencies: a devDependency it loads is missing there. ' +
        'Type-only imports are erased, so they may name dev packages (@types and the like).',
      from: { path: '^(src|bin)/', pathNot: TEST },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time; it is also a dependency these rules could not see.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Our code only: packages are leaves, not followed.
    doNotFollow: { path: 'node_modules' },
    // Never cruised (node_modules is only not followed: packages stay visible as dependencies for the package rules).
    exclude: { path: ['^\\.test-artifacts/', '^data/', '^migrations/'] },
    // `import type` vanishes from the compiled JavaScript but still couples the modules, so it counts.
    tsPreCompilationDeps: true,
    // The project's own compiler settings, so imports resolve as tsc resolves them (explicit .ts/.tsx extensions included).
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    // Errors are always shown; `npm run deps` prints one line per violation, naming the rule.
    reporterOptions: { text: { highlightFocused: true } },
  },
};
