import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_EVENT_ALERT_GAP_MS, keyEventAlertAt, keyEventText } from './rules.ts';

describe('live blog alert rules', () => {
  const now = new Date('2036-11-27T12:00:00Z');

  it('sends at once when the blog has not alerted lately, else at the end of the gap', () => {
    assert.equal(keyEventAlertAt(null, now), now);
    assert.equal(keyEventAlertAt(new Date(now.getTime() - KEY_EVENT_ALERT_GAP_MS), now), now);
    assert.equal(keyEventAlertAt(new Date(now.getTime() - 60_000), now).getTime(), now.getTime() - 60_000 + KEY_EVENT_ALERT_GAP_MS);
    assert.equal(keyEventAlertAt(new Date(now.getTime() + 60_000), now).getTime(), now.getTime() + 60_000 + KEY_EVENT_ALERT_GAP_MS, 'after a waiting one');
  });

  it('words the alert with the entry’s title, or the start of its text on one line', () => {
    assert.equal(keyEventText({ title: '  Polls close ', bodyText: 'ignored' }), 'Polls close');
    assert.equal(keyEventText({ title: '', bodyText: 'First line\n\nsecond   line' }), 'First line second line');
  });
});
