import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LIVE_BLOG_ORDERS, LIVE_BLOG_STATES, LIVE_ENTRY_STATUSES } from '../../content/index.ts';
import { Order, State, Status } from './live-schemas.ts';

describe('live blog API shapes', () => {
  it("name exactly the tables' states, orders and statuses", () => {
    const values = (union: { anyOf: { const: unknown }[] }) => union.anyOf.map((l) => l.const);
    assert.deepEqual(values(State), [...LIVE_BLOG_STATES]);
    assert.deepEqual(values(Order), [...LIVE_BLOG_ORDERS]);
    assert.deepEqual(values(Status), [...LIVE_ENTRY_STATUSES]);
  });
});
