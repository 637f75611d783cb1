import type { EditionView } from '../../web/document/model.ts';
import { Card, CardList, Pagination, type ArticleView } from '../components/cards.tsx';
import { Picture } from '../components/figure.tsx';
import { Island } from '../../web/islands/island.tsx';
import type { ImageView } from '../../content/index.ts';

/** An edition's front: the lead story, the latest, then each section's newest. */
export function FrontPage({
  edition,
  lead,
  latest,
  sections,
  page,
  hasNext,
}: {
  edition: EditionView;
  lead: ArticleView | undefined;
  latest: ArticleView[];
  sections: { name: string; url: string; articles: ArticleView[] }[];
  page: number;
  hasNext: boolean;
}) {
  return (
    <>
      <h1 class="visually-hidden">{edition.name}: the latest news</h1>
      {lead && <Card article={lead} edition={edition} lead />}
      {latest.length > 0 && (
        <section class="front-section" aria-labelledby="latest">
          <h2 id="latest">Latest</h2>
          <CardList articles={latest} edition={edition} />
        </section>
      )}
      {sections.map((section) => (
        <section class="front-section" aria-label={section.name}>
          <h2>
            <a href={section.url}>{section.name}</a>
          </h2>
          <CardList articles={section.articles} edition={edition} />
        </section>
      ))}
      {!lead && <p>Nothing has been published in this edition yet.</p>}
      <Pagination page={page} hasNext={hasNext} href={(n) => `${new URL(edition.url).pathname}?page=${n}`} />
      <SupportBanner edition={edition} />
    </>
  );
}

/** A support banner for this reader, if a live test says so: chosen in their browser, never in the shared page. */
function SupportBanner({ edition }: { edition: EditionView }) {
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
