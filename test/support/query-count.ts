import type { Database } from '../../src/platform/db/database.ts';

/**
 * How many statements `work` sends to the database, on either engine: calls of the driver's
 * `query` (node-postgres' pool, PGlite), and on PGlite the prepared statements run through its
 * wire protocol (one Bind message each; `query` itself speaks the protocol too, not counted twice).
 */
export async function countQueries(database: Database, work: () => Promise<unknown>): Promise<number> {
  const client = (database.db as unknown as { $client: Record<string, unknown> }).$client;
  const originals = ['query', 'exec', 'execProtocolStream'].filter((name) => typeof client[name] === 'function').map((name) => [name, client[name]] as const);
  let count = 0;
  let inside = 0;
  for (const [name, original] of originals) {
    const call = original as (...a: unknown[]) => Promise<unknown>;
    client[name] =
      name === 'execProtocolStream'
        ? function (this: unknown, ...args: unknown[]) {
            // 66 is 'B', a Bind: one execution of a prepared statement.
            if (!inside && (args[0] as Uint8Array)[0] === 66) count += 1;
            return call.apply(this, args);
          }
        : async function (this: unknown, ...args: unknown[]) {
            count += 1;
            inside += 1;
            try {
              return await call.apply(this, args);
            } finally {
              inside -= 1;
            }
          };
  }
  try {
    await work();
  } finally {
    for (const [name, original] of originals) client[name] = original;
  }
  return count;
}
