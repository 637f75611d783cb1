import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CATCH_UP_LIMIT, CatchUps } from './catch-up.ts';

/** A catch-up whose renders are counted, each taking a moment (so requests can overlap), failing when told. */
function counted() {
  const calls: string[] = [];
  let fail = false;
  const catchUps = new CatchUps(async (articleId, edition, after) => {
    calls.push(`${articleId} ${edition} ${after}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (fail) throw new Error('the database is away');
    return [{ event: 'entry', id: String(after + 1), data: { after } }];
  });
  return { catchUps, calls, failNext: (value: boolean) => (fail = value) };
}

describe("a live blog's catch-ups", () => {
  it('renders a catch-up once per blog, edition, starting point and change, however many readers ask, together or one after another', async () => {
    const { catchUps, calls } = counted();
    const together = await Promise.all([catchUps.since('a', 'uk', 3, 10), catchUps.since('a', 'uk', 3, 10), catchUps.since('a', 'uk', 3, 10)]);
    const again = await catchUps.since('a', 'uk', 3, 10);
    assert.deepEqual(calls, ['a uk 3'], 'one render for four requests');
    for (const messages of [...together, again]) assert.deepEqual(messages, [{ event: 'entry', id: '4', data: { after: 3 } }]);
    await catchUps.since('a', 'uk', 3, 11);
    await catchUps.since('a', 'uk', 4, 11);
    await catchUps.since('b', 'uk', 3, 10);
    await catchUps.since('a', 'us', 3, 11);
    assert.deepEqual(calls, ['a uk 3', 'a uk 3', 'a uk 4', 'b uk 3', 'a us 3'], 'a new change, another starting point, blog or edition is rendered anew');
  });

  it(`tells a reader more than ${CATCH_UP_LIMIT} changes behind to reload without reading anything, and one up to date nothing`, async () => {
    const { catchUps, calls } = counted();
    assert.deepEqual(await catchUps.since('a', 'uk', 0, CATCH_UP_LIMIT + 1), [{ event: 'refresh', data: { change: CATCH_UP_LIMIT + 1 } }]);
    assert.deepEqual(await catchUps.since('a', 'uk', 5, 5 + CATCH_UP_LIMIT + 40), [{ event: 'refresh', data: { change: 5 + CATCH_UP_LIMIT + 40 } }]);
    assert.deepEqual(await catchUps.since('a', 'uk', 9, 9), []);
    assert.deepEqual(await catchUps.since('a', 'uk', 12, 9), [], 'a page ahead of this server (another replica) replays nothing');
    assert.deepEqual(calls, []);
    await catchUps.since('a', 'uk', 0, CATCH_UP_LIMIT);
    assert.deepEqual(calls, ['a uk 0'], `exactly ${CATCH_UP_LIMIT} behind is still caught up`);
  });

  it('does not keep a catch-up that failed: the next reader reads it again', async () => {
    const { catchUps, calls, failNext } = counted();
    failNext(true);
    await assert.rejects(catchUps.since('a', 'uk', 1, 2), /away/);
    failNext(false);
    assert.equal((await catchUps.since('a', 'uk', 1, 2)).length, 1);
    assert.deepEqual(calls, ['a uk 1', 'a uk 1']);
  });
});
