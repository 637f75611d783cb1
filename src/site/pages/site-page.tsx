import type { EnhancedBlock } from '../../content/index.ts';
import type { EditionView } from '../../web/document/model.ts';
import { dateline } from '../../web/time.ts';
import { Body } from '../components/body.tsx';

export interface SitePageView {
  title: string;
  summary: string;
  body: EnhancedBlock[];
  updatedAt: string | null;
  publishedAt: string | null;
}

/** One of the site's own pages (about, privacy notice...): the article's body renderer, without the news furniture. */
export function SitePage({ page, edition }: { page: SitePageView; edition: EditionView }) {
  const changed = page.updatedAt ?? page.publishedAt;
  return (
    <article class="article site-page">
      <h1 class="article__headline">{page.title}</h1>
      {page.summary && <p class="article__standfirst">{page.summary}</p>}
      <Body blocks={page.body} />
      {changed && (
        <p class="updated">
          Last updated <time datetime={changed}>{dateline(new Date(changed), edition.locale, edition.timeZone)}</time>
        </p>
      )}
    </article>
  );
}
