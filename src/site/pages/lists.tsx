import type { EditionView } from '../../web/document/model.ts';
import { CardList, Pagination, type ArticleView } from '../components/cards.tsx';
import { Picture } from '../components/figure.tsx';
import { Island } from '../../web/islands/island.tsx';
import type { ImageView } from '../../content/index.ts';

/** A later page of an edition's front: the latest, continuing past the arranged first page. */
export function LaterPage({ edition, latest, page, hasNext }: { edition: EditionView; latest: ArticleView[]; page: number; hasNext: boolean }) {
  return (
    <>
      <h1 class="page-title">
        {edition.name}: the latest, page {page}
      </h1>
      <CardList articles={latest} edition={edition} />
      <Pagination page={page} hasNext={hasNext} href={(n) => `${new URL(edition.url).pathname}?page=${n}`} />
      <SupportBanner edition={edition} />
    </>
  );
}

/** A support banner for this reader, if a live test says so: chosen in their browser, never in the shared page. */
export function SupportBanner({ edition }: { edition: EditionView }) {
  return (
    <Island name="support-ask" hydrate="idle" props={{ slot: 'banner', edition: edition.code }}>
      {''}
    </Island>
  );
}

/** Section, topic and author pages: a heading, an introduction, and the articles. */
export function ListingPage({
  edition,
  title,
  intro,
  photo,
  children,
  articles,
  page,
  hasNext,
  path,
}: {
  edition: EditionView;
  title: string;
  intro: string;
  photo?: ImageView | null;
  children?: preact.ComponentChildren;
  articles: ArticleView[];
  page: number;
  hasNext: boolean;
  path: string;
}) {
  return (
    <>
      <div class={photo ? 'author-head' : undefined}>
        {photo && <Picture image={photo} alt="" sizes="6rem" />}
        <div>
          <h1 class="page-title">{title}</h1>
          {intro && <p class="page-intro">{intro}</p>}
        </div>
      </div>
      {children}
      {articles.length ? <CardList articles={articles} edition={edition} /> : <p>No articles yet.</p>}
      <Pagination page={page} hasNext={hasNext} href={(n) => `${path}?page=${n}`} />
      <SupportBanner edition={edition} />
    </>
  );
}

/** A section's subsections, linked under its heading. */
export function Subsections({ section, subsections }: { section: string; subsections: { name: string; url: string }[] }) {
  return (
    <ul class="subsections" aria-label={`Inside ${section}`}>
      {subsections.map((s) => (
        <li>
          <a href={s.url}>{s.name}</a>
        </li>
      ))}
    </ul>
  );
}
