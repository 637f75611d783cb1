import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterReading, emptyMemory, shouldPrompt, SNOOZE_MS } from './prompt-rules.ts';

test('never on the first article; from the second, unless snoozed, blocked or already subscribed', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  let memory = afterReading(emptyMemory(), 'a');
  assert.equal(shouldPrompt(memory, 'default', now), false, 'first article');
  memory = afterReading(memory, 'a');
  assert.equal(shouldPrompt(memory, 'default', now), false, 'the same article again');
  memory = afterReading(memory, 'b');
  assert.equal(shouldPrompt(memory, 'default', now), true);
  assert.equal(shouldPrompt({ ...memory, snoozedUntil: now + SNOOZE_MS }, 'default', now), false, 'not now');
  assert.equal(shouldPrompt({ ...memory, snoozedUntil: now - 1 }, 'default', now), true, 'after the snooze');
  assert.equal(shouldPrompt(memory, 'denied', now), false);
  assert.equal(shouldPrompt(memory, 'unsupported', now), false);
  assert.equal(shouldPrompt({ ...memory, endpoint: 'https://push.example/x' }, 'granted', now), false);
  for (let i = 0; i < 60; i++) memory = afterReading(memory, `x${i}`);
  assert.equal(memory.read.length, 50, 'the memory stays small');
});
