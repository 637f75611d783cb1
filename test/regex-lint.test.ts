import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { describeFinding, regexFindings } from '../scripts/regex-lint.ts';

/**
 * The regex check `npm test` runs (scripts/test.ts) must be able to fail: here it is pointed
 * at a folder of expressions known to backtrack badly, and must name each one.
 */
describe('the regular-expression check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regex-lint-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names an expression that backtracks exponentially, one that costs the square of its input, and a plain mistake', async () => {
    fs.writeFileSync(
      path.join(dir, 'bad.ts'),
      [
        'export const nested = (input: string): boolean => /^(a+)+$/.test(input);',
        "export const trailing = (line: string): string => line.replace(/\\s+$/u, '');",
        'export const empty = /[]/;',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'view.tsx'), 'export const View = ({ text }: { text: string }) => <p>{text.replace(/(x*)*y/, "")}</p>;\n');
    const findings = await regexFindings(['.'], dir);
    const rules = findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
    assert.ok(rules.includes('bad.ts:1 regexp/no-super-linear-backtracking'), findings.map(describeFinding).join('\n'));
    assert.ok(rules.includes('bad.ts:2 regexp/no-super-linear-move'), findings.map(describeFinding).join('\n'));
    assert.ok(rules.includes('bad.ts:3 regexp/no-empty-character-class'), findings.map(describeFinding).join('\n'));
    assert.ok(
      rules.some((r) => r.startsWith('view.tsx:1 regexp/no-super-linear')),
      findings.map(describeFinding).join('\n'),
    );
  });

  it('finds nothing in a file whose expressions are linear', async () => {
    fs.rmSync(path.join(dir, 'bad.ts'));
    fs.rmSync(path.join(dir, 'view.tsx'));
    fs.writeFileSync(path.join(dir, 'good.ts'), 'export const words = (text: string): string[] => text.split(/\\s+/).filter(Boolean);\n');
    assert.deepEqual(await regexFindings(['.'], dir), []);
  });
});
