import { it } from 'node:test';
import { createTestApp, seedBasics, validArticle } from './support/app.ts';
import { liveBlogs } from '../src/content/index.ts';
it('x', async () => {
  const t = await createTestApp();
  await seedBasics(t);
  const id = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Live', status: 'published' }))).json().id;
  const who = () => ({ actor: 'account:x', now: new Date() });
  await liveBlogs.makeLiveBlog(t.app.ctx, id, {}, who());
  for (let round = 0; round < 2; round++) {
    const c = process.cpuUsage(); const t0 = Date.now();
    for (let i = 0; i < 50; i++) await liveBlogs.createEntry(t.app.ctx, id, { title: `E ${i}`, bodyMarkdown: 'Some text here.', writers: ['ada-reporter'] }, { as: 'publish' }, who());
    const d = process.cpuUsage(c);
    console.log('50 entries cpu', (d.user + d.system) / 1000, 'wall', Date.now() - t0);
  }
  await t.close();
});
