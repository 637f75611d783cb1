import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const source = fs.readFileSync(path.join(here, 'service.ts'), 'utf8');

describe('the staff service keeps to the accounts domain\u2019s front door', () => {
  it("ends sessions through an accounts service, never the accounts' sessions repository", () => {
    assert.doesNotMatch(source, /from '[./]*accounts\/sessions\/repository\.ts'/);
  });

  it('tests ids with the shared UUID pattern, not a copy of it', () => {
    assert.doesNotMatch(source, /\[0-9a-f\]\{8\}/i);
    assert.match(source, /import \{[^}]*\bUUID\b[^}]*\} from '\.\.\/\.\.\/platform\/ids\.ts'/);
  });
});
