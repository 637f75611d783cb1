import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from './app.ts';
import type { Agent } from './agent.ts';
import { startPushService } from './push-service.ts';

export type Staff = { agent: Agent; csrf: string; id: string };

/**
 * The world the alerts integration tests share: a push service on loopback (trusted through
 * its own CA), the app pointed at it on the given clock, the basics seeded and one published
 * article. Each test file signs its own people in (their sessions follow its clock).
 */
export async function startAlertsWorld(clock: { now: Date }) {
  const service = await startPushService();
  const caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-ca-'));
  fs.writeFileSync(path.join(caDir, 'ca.pem'), service.ca);
  const t = await createTestApp({
    now: () => clock.now,
    env: {
      PUSH_ALLOW_LOOPBACK: '1',
      PUSH_EXTRA_SERVICES: new URL(service.origin).host,
      PUSH_CA_FILE: path.join(caDir, 'ca.pem'),
      // One test browser subscribes many times here; the limits have their own tests (subscription-limits.int.test.ts).
      PUSH_SUBSCRIBE_PER_BROWSER: '1000',
      PUSH_SUBSCRIBE_PER_NETWORK: '1000',
    },
  });
  await seedBasics(t);
  const article: { id: string; slug: string } = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
  const stop = async () => {
    await t.close();
    await service.stop();
    fs.rmSync(caDir, { recursive: true, force: true });
  };
  return { t, service, article, stop };
}

/** How many rows a table holds. */
export async function countRows(t: TestApp, table: string) {
  return Number(((await t.db.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!.n);
}
