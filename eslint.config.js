import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

/**
 * The lint `npm test` runs (scripts/checks.ts; `npm run lint`): ESLint's and typescript-eslint's
 * recommended rules, the type-aware rules about promises, and every regular expression checked
 * for backtracking that grows faster than its input. Every rule is an error: a warning would
 * not fail the run.
 *
 * Two TypeScripts: typescript-eslint needs the compiler's JavaScript API, which the native
 * TypeScript 7 compiler has not. The root `typescript` package is therefore 5.9 for the tools
 * (typescript-eslint supports up to 6.0, dependency-cruiser 16, the last for Node 20, only up to
 * 5.x, so 5.9 serves both), while `npm run typecheck` and `npm test` type-check with
 * TypeScript 7 (`typescript-native`). Type errors are the type-check's business, never the
 * lint's: the lint only borrows the types.
 */

const TS = ['**/*.ts', '**/*.mts', '**/*.tsx'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];

/** Every rule of a set as an error, whatever level the set gives it. */
const asErrors = (rules) => Object.fromEntries(Object.entries(rules).map(([name, level]) => [name, level === 'off' || level === 0 ? 'off' : 'error']));

/** Rules of eslint-plugin-regexp's recommended set that judge only how an expression is spelled, not what it does. */
const spelling = [
  ...Object.entries(regexp.rules)
    .filter(([, rule]) => rule.meta.docs.category === 'Stylistic Issues')
    .map(([name]) => `regexp/${name}`),
  'regexp/control-character-escape',
  'regexp/no-unused-capturing-group',
  'regexp/no-useless-character-class',
  'regexp/use-ignore-case',
];

/**
 * The regular-expression checks, on their own: scripts/regex-lint.ts runs exactly these over
 * any folder (the tests point it at known-bad expressions), and the full lint below includes
 * them. They need only the syntax tree, so the parser gets no type information here.
 */
export const regexChecks = [
  { files: TS, languageOptions: { parser: tseslint.parser } },
  {
    files: [...TS, ...JS],
    plugins: { regexp },
    rules: {
      ...asErrors(regexp.configs['flat/recommended'].rules),
      ...Object.fromEntries(spelling.map((name) => [name, 'off'])),
      // Our expressions name control characters on purpose: to refuse them in names and headers.
      'no-control-regex': 'off',
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
];

export default tseslint.config(
  // Generated or not ours: installed packages, test output, local data, the drizzle journal.
  { ignores: ['node_modules/', '.test-artifacts/', 'data/', 'scratch/', 'migrations/'] },
  {
    files: [...TS, ...JS],
    // ESLint's own recommended rules (what is a mistake in any JavaScript), then typescript-eslint's.
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      ...asErrors(js.configs.recommended.rules),
      ...asErrors(Object.assign({}, ...tseslint.configs.recommended.map((config) => config.rules ?? {}))),
      // A leading underscore says "taken out on purpose" (`const { secret: _secret, ...rest } = row`).
      // Small files with one purpose, tests and benchmarks included: past this a file has more than one; split it along its seams.
      'max-lines': ['error', { max: 300 }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
    // A disable comment that no longer silences anything is noise that hides the next real one.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: TS,
    // The project service gives each file the types tsconfig.json gives it, with no second config to keep in step.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Only the type-aware rules about promises and thrown values, not the whole type-checked
      // set: a promise nobody awaits loses its error (an unhandled rejection ends the process)
      // and its order (a reply sent before the write it reports); an async function handed to
      // a callback that ignores its result (an event handler, `forEach`) does the same; awaiting
      // a value that is no promise means the code believes something false. Building the
      // program is the cost and these rules share it (the whole lint: ~30 s on two cores). The
      // rest of recommendedTypeChecked flagged ~1,700 places when measured, most of them uses of
      // `any` SQL rows and `unknown` request bodies (no-unsafe-*) that typed input removes:
      // worth revisiting once that lands.
      // node:test's describe/it/test return promises the runner itself awaits, so they are safe to leave floating.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      // An island's event handler may be async (Preact ignores what it returns); the other places
      // a promise is handed to something that ignores it (forEach, timers, listeners) are errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
    },
  },
  {
    // Tests and benchmarks read JSON answers whose shape their assertions then check.
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      // What a request carries is read through its route's schema (which types it) and the
      // signed-in person through web/principal.ts: a cast would claim a shape nothing checked.
      'no-restricted-syntax': [
        'error',
        {
          // The request's input and its principal, by either of the names handlers give it.
          selector: 'TSAsExpression > MemberExpression.expression[object.name=/^(request|req)$/][property.name=/^(body|query|params|principal)$/]',
          message: 'Read request input through its route schema (typed by the provider) and the principal through web/principal.ts, never by a cast.',
        },
        {
          selector: "TSNonNullExpression > MemberExpression.expression[property.name='principal']",
          message: 'Read the principal through web/principal.ts (callerOf, accountOf, staffOf), which checks it, never by asserting it is there.',
        },
      ],
    },
  },
  ...regexChecks,
);
