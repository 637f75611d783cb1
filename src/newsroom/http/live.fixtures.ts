import { validArticle } from '../../../test/support/app.ts';
import { startEditorWorld } from '../../../test/support/newsroom-editor.ts';
import { linkBylineToAccount } from '../bylines/service.ts';

/** The newsroom's staff on one published article, the writer signed to Ada Reporter's byline: where the live blog composer's API tests start. */
export async function startLiveBlogWorld(clock: Date, headline: string) {
  const world = await startEditorWorld(() => clock);
  const id: string = (await world.t.admin('POST', '/api/admin/articles', validArticle({ headline, status: 'published' }))).json().id;
  const ada = (await world.t.admin('GET', '/api/admin/authors/ada-reporter')).json();
  await linkBylineToAccount(world.t.app.ctx, ada.id, world.writer.id);
  return { ...world, id };
}
