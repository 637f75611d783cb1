import babelParser from '@babel/eslint-parser';
import regexp from 'eslint-plugin-regexp';

/**
 * Regular expressions only, for now (`npm test` runs this; a fuller lint is for later): every
 * expression in our code is checked for backtracking that grows faster than its input, since
 * most of them read text from outside, and for plain mistakes.
 *
 * Babel parses the TypeScript: typescript-eslint's parser needs the TypeScript compiler's
 * JavaScript API, which the native TypeScript 7 compiler we type-check with does not have. The
 * regex rules need only the syntax tree, never the types.
 */
const typescript = (isTSX) => ({
  parser: babelParser,
  parserOptions: {
    requireConfigFile: false,
    babelOptions: { babelrc: false, configFile: false, presets: [['@babel/preset-typescript', { isTSX, allExtensions: true }]] },
  },
});

/** Rules of the plugin's recommended set that judge only how an expression is spelled: left to the full lint. */
const spelling = [
  ...Object.entries(regexp.rules).filter(([, rule]) => rule.meta.docs.category === 'Stylistic Issues').map(([name]) => `regexp/${name}`),
  'regexp/control-character-escape',
  'regexp/no-unused-capturing-group',
  'regexp/no-useless-character-class',
  'regexp/use-ignore-case',
];

const recommended = regexp.configs['flat/recommended'].rules;

export default [
  { ignores: ['node_modules/', '.test-artifacts/', 'data/', 'scratch/'] },
  { files: ['**/*.ts', '**/*.mts'], languageOptions: typescript(false) },
  { files: ['**/*.tsx'], languageOptions: typescript(true) },
  {
    files: ['**/*.{js,mjs,ts,mts,tsx}'],
    plugins: { regexp },
    // Older disable comments wait for the full lint, which may want them.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // Every rule on, as an error: a warning would not fail the run.
      ...Object.fromEntries(Object.entries(recommended).map(([name, level]) => [name, level === 'off' ? 'off' : 'error'])),
      ...Object.fromEntries(spelling.map((name) => [name, 'off'])),
      // Our expressions name control characters on purpose: to refuse them in names and headers.
      'no-control-regex': 'off',
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
];
