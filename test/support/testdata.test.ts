import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const module = pathToFileURL(path.join(import.meta.dirname, 'testdata.ts')).href;
const root = path.resolve(import.meta.dirname, '../..');
const LEFT_OUT = /test data: not found in the shared corpora at .*, so left out: (.*)\n/g;

/**
 * Runs `script` (an ES module body, with `t` the test data module) in a process of its own, as a
 * test file runs, with the shared corpora in `corpora`; `asTest` runs it under `node --test`.
 */
function runWith(corpora: string, script: string, asTest = false) {
  const file = path.join(corpora, '..', `probe-${Math.random().toString(36).slice(2)}.${asTest ? 'test.' : ''}mjs`);
  fs.writeFileSync(file, `const t = await import(${JSON.stringify(module)});\n${script}\n`);
  const args = ['--import', 'tsx', ...(asTest ? ['--test', '--test-reporter=tap'] : []), file];
  // Without this test's own runner context, which would make the inner node --test skip its file.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const child = spawnSync(process.execPath, args, { cwd: root, env: { ...env, MASTHEAD_TESTDATA: corpora }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  return { stderr: child.stderr, output: child.stdout + child.stderr };
}

const leftOut = (text: string) => [...text.matchAll(LEFT_OUT)].map((m) => m[1]);

describe('test data left out is said in the log of the process that left it out', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-testdata-'));
  const corpora = path.join(dir, 'corpora');
  fs.mkdirSync(path.join(corpora, 'xsd'), { recursive: true });
  fs.writeFileSync(path.join(corpora, 'xss.json'), '{"not": "a list"}');
  fs.writeFileSync(path.join(corpora, 'sqli.json'), '[{"payload": "1 OR 1=1"}]');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('once, as the process exits, whatever its lookups found missing or unreadable', () => {
    const { stderr } = runWith(
      corpora,
      `t.sharedPath('xsd', 'sitemap.xsd'); t.sharedPath('xsd', 'sitemap.xsd'); t.testdata.xss(); t.testdata.sqli(); t.sharedPath('xsd');`,
    );
    assert.deepEqual(leftOut(stderr), [`${path.join('xsd', 'sitemap.xsd')}, xss.json (not a JSON list)`]);
  });

  it('in a test file’s process under node --test too, so the run’s log has it', () => {
    const { output } = runWith(corpora, `import('node:test').then(({ test }) => test('looks', () => t.sharedPath('stripe', 'invoice.paid.json')));`, true);
    assert.deepEqual(leftOut(output.replace(/^# /gm, '')), [path.join('stripe', 'invoice.paid.json')]);
  });

  it('not again for what the summary line already said, only for what was looked up after it', () => {
    const { stderr } = runWith(corpora, `process.stdout.write(t.describeTestdata() + '\\n'); t.sharedPath('xsd', 'siteindex.xsd');`);
    assert.deepEqual(leftOut(stderr), [path.join('xsd', 'siteindex.xsd')]);
  });

  it('entries of the wrong shape in a shared list are left out, never thrown on', () => {
    const odd = path.join(dir, 'odd');
    fs.mkdirSync(odd);
    fs.writeFileSync(path.join(odd, 'xss.json'), '[null, 7, {"payload": 1}, {"payload": "<b>odd</b>"}]');
    fs.writeFileSync(path.join(odd, 'blns.json'), '[null, "ok", {"x": 1}]');
    fs.writeFileSync(
      path.join(odd, 'unicode.json'),
      '[null, {"value": "é"}, {"id": "x", "value": "é", "fields": ["name"], "expect": "preserve", "description": "d"}]',
    );
    const { output } = runWith(
      odd,
      `const x = t.testdata.xss(), n = t.testdata.naughty(), u = t.testdata.unicode();
       process.stdout.write(JSON.stringify([x.at(-1), n.at(-1), u.at(-1).id, [...x, ...n].every((s) => typeof s === 'string'), u.filter((c) => c.id === 'x').length]));`,
    );
    assert.match(output, /\["<b>odd<\/b>","ok","x",true,1\]/);
    assert.match(output, /left out: .*3 entries of xss\.json \(not of the expected shape\)/, 'and the log says what was left out');
  });

  it('nothing when nothing was left out', () => {
    const { stderr } = runWith(corpora, `t.sharedPath('xsd'); t.testdata.sqli();`);
    assert.deepEqual(leftOut(stderr), []);
  });
});
