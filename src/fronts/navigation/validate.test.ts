import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testdata } from '../../../test/support/testdata.ts';
import { AppError } from '../../platform/errors.ts';
import { NAV_LIMITS } from '../navigation-model.ts';
import { defaultMenus } from './defaults.ts';
import { labelProblem, urlProblem, validateMenu } from './validate.ts';

/** The error `work` throws, which must be a 400 naming a field. */
function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, 'bad_request');
    return error;
  }
  assert.fail('expected a refusal');
}

const item = (label: string, url: string, children?: { label: string; url: string }[]) => ({ label, url, ...(children ? { children } : {}) });

describe('menu addresses', () => {
  it('accepts a site path and an https address exactly as typed', () => {
    for (const url of ['/', '/politics', '/info/about?x=1#top', 'https://example.org', 'HTTPS://Example.org/A%20b', 'https://bücher.example/ö']) {
      assert.equal(urlProblem(url), null, url);
    }
  });

  it('refuses other schemes, protocol-relative and disguised addresses', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'http://example.org',
      'mailto:desk@example.org',
      'ftp://example.org',
      '//attacker.example',
      '/\\attacker.example',
      '\\\\attacker.example',
      'https:attacker.example',
      'https:/attacker.example',
      'https://',
      'https://bank.example@attacker.example/',
      'https://user:pass@example.org',
      'politics',
      '',
      '/a b',
      '/line\nbreak',
      '/zero\u200bwidth',
      `/${'a'.repeat(NAV_LIMITS.url)}`,
    ]) {
      assert.notEqual(urlProblem(url), null, JSON.stringify(url));
    }
  });

  it('never lets a hostile string through unless it is a plain path or https address', () => {
    for (const value of [...testdata.xss(), ...testdata.naughty(), ...testdata.pathTraversal(), ...testdata.sqli()]) {
      if (urlProblem(value) !== null) continue;
      assert.ok(/^(\/(?![/\\])|https:\/\/)/i.test(value), JSON.stringify(value));
      assert.ok(!/[\s\p{Cc}\\]/u.test(value), JSON.stringify(value));
    }
  });
});

describe('menu labels', () => {
  it('stores hostile but visible text exactly (it is rendered as text)', () => {
    for (const label of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; drop table navigation_menus; --", 'Ünïcödé 👩‍👩‍👧']) {
      assert.deepEqual(validateMenu('header', [item(label, '/x')]), [{ label, url: '/x' }]);
    }
  });

  it('refuses empty, invisible, multi-line, spoofing and over-long labels', () => {
    for (const label of ['', '   ', '\u200b', 'a\nb', 'a\u0007b', 'evil\u202eexe.txt', 'x'.repeat(NAV_LIMITS.label + 1)]) {
      assert.notEqual(labelProblem(label), null, JSON.stringify(label));
    }
  });

  it('for every corpus string: kept exactly or a 400 naming the label, nothing else', () => {
    for (const label of [...testdata.xss(), ...testdata.naughty(), ...testdata.unicode().map((c) => c.value ?? '')]) {
      let stored;
      try {
        stored = validateMenu('footer', [item(label, '/x')]);
      } catch (error) {
        assert.ok(error instanceof AppError && error.code === 'bad_request' && error.field === 'items[0].label', JSON.stringify(label));
        continue;
      }
      assert.equal(stored[0]!.label, label);
    }
  });
});

describe('menu shape', () => {
  it('keeps sub-items in the header, one level deep', () => {
    const menu = [item('World', '/world', [item('Europe', '/europe'), item('Elsewhere', 'https://example.org/x')])];
    assert.deepEqual(validateMenu('header', menu), menu);
  });

  it('names the field of the first problem', () => {
    assert.equal(refusal(() => validateMenu('header', [item('A', '/a'), item('B', 'javascript:alert(1)')])).field, 'items[1].url');
    assert.equal(refusal(() => validateMenu('header', [item('A', '/a', [item('', '/b')])])).field, 'items[0].children[0].label');
    assert.equal(refusal(() => validateMenu('footer', [item('A', '/a', [item('B', '/b')])])).field, 'items[0].children');
    const deep = [{ label: 'A', url: '/a', children: [{ label: 'B', url: '/b', children: [item('C', '/c')] }] }];
    assert.equal(refusal(() => validateMenu('header', deep)).field, 'items[0].children[0].children');
  });

  it('caps the number of items and sub-items', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => item(`Item ${i}`, `/i${i}`));
    assert.equal(validateMenu('footer', many(NAV_LIMITS.items)).length, NAV_LIMITS.items);
    assert.equal(refusal(() => validateMenu('footer', many(NAV_LIMITS.items + 1))).field, 'items');
    assert.equal(refusal(() => validateMenu('header', [item('A', '/a', many(NAV_LIMITS.children + 1))])).field, 'items[0].children');
  });

  it('an empty menu is a menu', () => {
    assert.deepEqual(validateMenu('header', []), []);
  });
});

describe('default menus', () => {
  it('header: top-level sections in order with subsections; footer: pages then editions', () => {
    const sources = {
      sections: [
        { id: '1', name: 'News', url: '/news', parentId: null },
        { id: '2', name: 'World', url: '/world', parentId: '1' },
        { id: '3', name: 'Sport', url: '/sport', parentId: null },
      ],
      pages: [{ title: 'About us', url: '/info/about' }],
      editions: [
        { code: 'uk', name: 'UK', url: '/uk' },
        { code: 'international', name: 'International', url: '/international' },
      ],
    };
    const menus = defaultMenus(sources, 'uk');
    assert.deepEqual(menus.header, [
      { label: 'News', url: '/news', children: [{ label: 'World', url: '/world' }] },
      { label: 'Sport', url: '/sport' },
    ]);
    assert.deepEqual(
      menus.footer.map((i) => i.label),
      ['About us', 'UK', 'International'],
    );
    // The default edition's pages need no prefix; another edition's open in that edition.
    assert.equal(menus.footer[0]!.url, '/info/about');
    assert.deepEqual(defaultMenus(sources, 'international').footer[0], { label: 'About us', url: '/international/info/about' });
    assert.deepEqual(defaultMenus(sources, 'international').header, menus.header);
  });
});
