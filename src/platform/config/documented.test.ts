import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

/** Every variable the configuration reads, from its sources: `env.NAME`, or `env, 'NAME'` given to a reader. */
function variablesRead(): Set<string> {
  const files = [
    path.join(here, '../config.ts'),
    ...fs
      .readdirSync(here)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => path.join(here, f)),
  ];
  const names = new Set<string>();
  for (const file of files)
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|, '([A-Z][A-Z0-9_]+)')/g)) names.add((match[1] ?? match[2])!);
  return names;
}

/** The settings the README's Configuration table lists (its first column). */
function variablesDocumented(): Set<string> {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 5));
  const names = new Set<string>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `')))
    for (const match of line.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(match[1]!);
  return names;
}

/** Documented settings read outside the configuration: by OpenTelemetry's exporter itself, and for the spans' service name. */
const READ_ELSEWHERE = ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TIMEOUT', 'OTEL_SERVICE_NAME'];

describe('the settings table cannot drift from the code', () => {
  it('lists every variable the configuration reads, and none it does not', () => {
    const read = new Set([...variablesRead(), ...READ_ELSEWHERE]);
    const documented = variablesDocumented();
    assert.ok(read.size > 30, `found the variables read (${read.size})`);
    assert.deepEqual([...read].filter((name) => !documented.has(name)).sort(), [], 'read but not in README’s Configuration table');
    assert.deepEqual([...documented].filter((name) => !read.has(name)).sort(), [], 'in the table but read nowhere');
  });
});
