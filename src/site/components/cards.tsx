import type { presentPublic } from '../../content/index.ts';
import type { EditionView } from '../../web/document/model.ts';
import { shortDate } from '../../web/time.ts';
import { Picture } from './figure.tsx';

/** `commentCount` is set on list pages (one query for all their cards), for articles taking comments. */
export type ArticleView = ReturnType<typeof presentPublic> & { commentCount?: number };

export function Card({ article, edition, lead = false }: { article: ArticleView; edition: EditionView; lead?: boolean }) {
  const Heading = lead ? 'h2' : 'h3';
  return (
    <article class={lead ? 'lead' : 'card'}>
      {article.hero && (
        <div class="card__image">
          <Picture image={article.hero} alt="" priority={lead} sizes={lead ? '(min-width: 48rem) 45rem, 100vw' : '(min-width: 48rem) 20rem, 100vw'} />
        </div>
      )}
      <div class="card__text">
        <span class="card__kicker">
          {article.liveBlogState === 'open' && <span class="live-mark live-mark--card">Live</span>}
          {article.section.name}
        </span>
        <Heading class="card__headline">
          <a href={article.url}>{article.headline}</a>
        </Heading>
        <p class="card__standfirst">{article.standfirst}</p>
        {article.publishedAt && (
          <p class="card__meta">
            <time datetime={article.publishedAt}>{shortDate(new Date(article.publishedAt), edition.locale, edition.timeZone)}</time>
            {article.authors.length > 0 && <> · {article.authors.map((a) => a.name).join(', ')}</>}
            {!!article.commentCount && (
              <>
                {' · '}
                <a href={`${article.url}#comments`}>
                  {article.commentCount} {article.commentCount === 1 ? 'comment' : 'comments'}
                </a>
              </>
            )}
          </p>
        )}
      </div>
    </article>
  );
}

export function CardList({ articles, edition }: { articles: ArticleView[]; edition: EditionView }) {
  return (
    <ul class="cards">
      {articles.map((article) => (
        <li>
          <Card article={article} edition={edition} />
        </li>
      ))}
    </ul>
  );
}

export function Pagination({ page, hasNext, href }: { page: number; hasNext: boolean; href: (page: number) => string }) {
  if (page === 1 && !hasNext) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← Newer
        </a>
      ) : (
        <span />
      )}
      <span>Page {page}</span>
      {hasNext ? (
        <a href={href(page + 1)} rel="next">
          Older →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
