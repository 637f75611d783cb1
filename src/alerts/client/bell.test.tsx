import assert from 'node:assert/strict';
import { it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { AlertsBell } from './bell.tsx';

it('draws the alerts bell inline, hidden from screen readers, with no emoji and the word as its name', () => {
  const html = renderToString(<AlertsBell onClick={() => undefined} hidden={false} />);
  assert.match(html, /^<button type="button" class="alerts-bell"><svg [^>]*aria-hidden="true"[^>]*>(<path [^>]+><\/path>)+<\/svg> Alerts<\/button>$/);
  assert.doesNotMatch(html, /\p{Extended_Pictographic}/u);
});
