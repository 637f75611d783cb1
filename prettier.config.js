/**
 * Prettier, set to the style the code was already written in, so adopting it moved as few
 * lines as possible: single quotes, semicolons, trailing commas, double quotes in JSX (as in
 * HTML), parentheses around every arrow parameter. Lines are long here on purpose (a route, a
 * query or a view reads as one line); 160 columns keeps nearly all of them whole: measured
 * before adoption, 99% of lines fit in 193 and reformatting at 160 changed a fifth of the lines
 * where 120 would have changed almost half. `npm run format` writes, `npm run format:check`
 * (and `npm test`) only checks.
 *
 * @type {import('prettier').Config}
 */
export default {
  printWidth: 160,
  singleQuote: true,
  jsxSingleQuote: false,
  semi: true,
  trailingComma: 'all',
  arrowParens: 'always',
};
