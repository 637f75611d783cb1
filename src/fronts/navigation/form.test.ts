import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NAV_LIMITS } from '../navigation-model.ts';
import { applyAction, errorPlace, parseAction, rowsFromForm, rowsToSave, toInput, type Row } from './form.ts';

const row = (label: string, url: string, children: Row[] = []): Row => ({ label, url, children });

describe("the navigation page's form", () => {
  it('reads rows and sub-rows by their place, whatever order the fields came in', () => {
    const rows = rowsFromForm({
      'url-1': '/b',
      'label-0-0': 'A1',
      'label-0': 'A',
      'url-0': '/a',
      'label-1': 'B',
      'url-0-0': '/a1',
      _csrf: 'x',
      version: '2',
      action: 'save',
    });
    assert.deepEqual(rows, [row('A', '/a', [row('A1', '/a1')]), row('B', '/b')]);
  });

  it('closes gaps a hand-made form leaves', () => {
    assert.deepEqual(rowsFromForm({ 'label-5': 'E', 'url-5': '/e', 'label-5-3': 'x' }), [row('E', '/e', [row('x', '')])]);
  });

  it('knows the buttons it renders and nothing else', () => {
    assert.deepEqual(parseAction('save'), { kind: 'save' });
    assert.deepEqual(parseAction('up-3'), { kind: 'up', path: [3] });
    assert.deepEqual(parseAction('remove-2-1'), { kind: 'remove', path: [2, 1] });
    assert.deepEqual(parseAction('add-child-4'), { kind: 'add-child', index: 4 });
    for (const bad of [undefined, '', 'add-child-1-2', 'up', 'up-123', 'drop table', 'save ']) assert.equal(parseAction(bad), null, String(bad));
  });

  it('moves, removes and adds rows; out-of-range moves change nothing', () => {
    const rows = [row('A', '/a', [row('A1', '/a1'), row('A2', '/a2')]), row('B', '/b')];
    assert.deepEqual(
      applyAction(rows, { kind: 'down', path: [0] }).map((r) => r.label),
      ['B', 'A'],
    );
    assert.deepEqual(applyAction(rows, { kind: 'up', path: [0] }), rows);
    assert.deepEqual(applyAction(rows, { kind: 'down', path: [1] }), rows);
    assert.deepEqual(
      applyAction(rows, { kind: 'up', path: [0, 1] })[0]!.children.map((r) => r.label),
      ['A2', 'A1'],
    );
    assert.deepEqual(
      applyAction(rows, { kind: 'remove', path: [0, 0] })[0]!.children.map((r) => r.label),
      ['A2'],
    );
    assert.deepEqual(
      applyAction(rows, { kind: 'remove', path: [1] }).map((r) => r.label),
      ['A'],
    );
    assert.equal(applyAction(rows, { kind: 'add' }).length, 3);
    assert.equal(applyAction(rows, { kind: 'add-child', index: 1 })[1]!.children.length, 1);
    assert.deepEqual(applyAction(rows, { kind: 'remove', path: [9] }), rows);
  });

  it('stops adding at the limits', () => {
    const full = Array.from({ length: NAV_LIMITS.items }, (_, i) => row(`R${i}`, `/r${i}`));
    assert.equal(applyAction(full, { kind: 'add' }).length, NAV_LIMITS.items);
    const children = Array.from({ length: NAV_LIMITS.children }, (_, i) => row(`C${i}`, `/c${i}`));
    assert.equal(applyAction([row('A', '/a', children)], { kind: 'add-child', index: 0 })[0]!.children.length, NAV_LIMITS.children);
  });

  it('drops rows left empty when saving, and keeps everything typed', () => {
    const rows = [row('', ''), row('A', '/a', [row('', ''), row(' ', '')]), row('', '', [row('C', '/c')])];
    assert.deepEqual(toInput(rowsToSave(rows)), [
      { label: 'A', url: '/a', children: [{ label: ' ', url: '' }] },
      { label: '', url: '', children: [{ label: 'C', url: '/c' }] },
    ]);
  });

  it('finds the row a service error names', () => {
    assert.deepEqual(errorPlace('items[2].url'), { path: [2], what: 'url' });
    assert.deepEqual(errorPlace('items[0].children[3].label'), { path: [0, 3], what: 'label' });
    assert.deepEqual(errorPlace('items[1].children'), { path: [1], what: 'children' });
    assert.equal(errorPlace('items'), null);
    assert.equal(errorPlace(undefined), null);
  });
});
