import type { ComponentChildren } from 'preact';
import type { EditionView, SiteView } from '../../web/document/model.ts';
import { Body } from '../components/body.tsx';
import type { ArticleView } from '../components/cards.tsx';
import { Figure } from '../components/figure.tsx';
import { dateline } from '../../web/time.ts';
import type { CommentsView } from '../loaders.ts';
import { CommentsSection } from '../components/comments.tsx';
import { Island } from '../../web/islands/island.tsx';
import { policyPage } from '../../web/forms/policy-link.tsx';
import { COMMUNITY_STANDARDS_SLUG } from '../../content/index.ts';

/**
 * The article page, top to bottom as the reference page has it. Slots for the alerts
 * prompt, the support ask and the comments are empty here; their features fill them.
 */
export function ArticlePage({
  site,
  article,
  edition,
  comments,
  mark,
  children,
}: {
  site: SiteView;
  article: ArticleView;
  edition: EditionView;
  comments?: CommentsView | null;
  /** Shown above the headline (a live blog's "Live" or "Coverage ended"). */
  mark?: ComponentChildren;
  /** Shown after the body (a live blog's entries). */
  children?: ComponentChildren;
}) {
  const published = article.publishedAt ? new Date(article.publishedAt) : null;
  const updated = article.updatedAt ? new Date(article.updatedAt) : null;
  const path = article.section.path ?? [article.section];
  return (
    <article class="article">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          {path.map((section) => (
            <li>
              <a href={section.url}>{section.name}</a>
            </li>
          ))}
        </ol>
      </nav>
      {mark}
      <h1 class="article__headline">{article.headline}</h1>
      <p class="article__standfirst">{article.standfirst}</p>
      <div class="article__meta">
        {article.authors.length > 0 && (
          <p class="byline">
            By{' '}
            {article.authors.map((author, i) => (
              <>
                {i > 0 && (i === article.authors.length - 1 ? ' and ' : ', ')}
                <a href={author.url} rel="author">
                  {author.name}
                </a>
              </>
            ))}
          </p>
        )}
        {published && (
          <p class="dateline">
            <time datetime={article.publishedAt!}>{dateline(published, edition.locale, edition.timeZone)}</time>
          </p>
        )}
        {updated && (
          <p class="updated">
            Updated <time datetime={article.updatedAt!}>{dateline(updated, edition.locale, edition.timeZone)}</time>
          </p>
        )}
        {article.commentsEnabled && (
          <a class="comment-link" href="#comments" data-slot="comment-count">
            Comments{comments ? ` (${comments.count})` : ''}
          </a>
        )}
        {/* The alerts bell and, from a reader's second article, the invitation (it floats). */}
        <div class="slot--alerts" data-slot="alerts-prompt">
          <Island
            name="alerts-prompt"
            hydrate="idle"
            props={{
              articleId: article.id,
              edition: { code: edition.code, name: edition.name },
              section: { slug: article.section.slug, name: article.section.name },
              topics: article.topics.map((t) => ({ slug: t.slug, name: t.name })),
            }}
          >
            {''}
          </Island>
        </div>
      </div>
      {article.hero && <Figure image={article.hero} priority />}
      <Body blocks={article.body ?? []} />
      {children}
      {article.topics.length > 0 && (
        <nav class="topics" aria-label="Topics">
          Topics
          <ul>
            {article.topics.map((topic) => (
              <li>
                <a href={topic.url}>{topic.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {article.corrections.length > 0 && (
        <section class="corrections" aria-labelledby="corrections-title">
          <h2 id="corrections-title">Corrections and updates</h2>
          <ul>
            {article.corrections.map((c) => (
              <li>
                <strong>{c.kind === 'correction' ? 'Correction' : 'Update'}</strong>{' '}
                <time datetime={c.createdAt}>({dateline(new Date(c.createdAt), edition.locale, edition.timeZone)})</time>: {c.note}
              </li>
            ))}
          </ul>
        </section>
      )}
      {/* The support ask for this reader, chosen in their browser: the cached page is everyone's. */}
      <div class="slot" data-slot="support-ask">
        <Island name="support-ask" hydrate="idle" props={{ slot: 'epic', edition: edition.code, articleId: article.id }}>
          {''}
        </Island>
      </div>
      {article.commentsEnabled &&
        (comments ? (
          <CommentsSection articleId={article.id} comments={comments} edition={edition} standards={policyPage(site.pages, COMMUNITY_STANDARDS_SLUG)} />
        ) : (
          <section id="comments" class="slot" data-slot="comments" aria-label="Comments" data-nosnippet />
        ))}
    </article>
  );
}
