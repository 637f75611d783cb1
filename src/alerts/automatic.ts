import { findArticle } from '../content/index.ts';
import { clip } from '../platform/text.ts';
import * as repo from './repository.ts';
import { createAlert, type AlertDeps } from './service.ts';

/**
 * Job, once an article is first published: each of its topics that asks for it sends the
 * article to the topic's followers (a reader following two such topics gets it once, see
 * `planDeliveries`). A topic already sent is not sent again, so running the job twice is harmless.
 */
export async function alertNewArticle(deps: AlertDeps, articleId: string): Promise<void> {
  const db = deps.database.db;
  const article = await findArticle(db, { id: articleId });
  if (!article || article.status !== 'published') return;
  const wanted = await repo.automaticTopics(
    db,
    article.topics.map((t) => t.id),
  );
  if (!wanted.size) return;
  const done = await repo.automaticAlertTopics(db, article.id);
  for (const topic of article.topics) {
    if (!wanted.has(topic.id) || done.has(topic.id)) continue;
    // A headline may be longer than a notification's title: it is shortened, never refused.
    await createAlert(deps, null, {
      articleId: article.id,
      title: clip(article.headline, 120),
      body: clip(article.standfirst, 240),
      audience: { kind: 'topic', id: topic.id },
    });
  }
}
