#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between a clone and a site.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The project's tsconfig (JSX for Preact among it), wherever the command is started from.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { run, explain } = await import('../src/main.ts');
try {
  const code = await run(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (error) {
  const { message, code } = explain(error);
  process.stderr.write(`masthead: ${message}\n`);
  // Open database handles would keep a failed command alive; leave now.
  process.exit(code);
}
