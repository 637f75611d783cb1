import type { ArticleView } from '../src/site/components/cards.tsx';
import { Layout } from '../src/web/document/layout.tsx';
import type { SiteView } from '../src/web/document/model.ts';
import { ArticlePage } from '../src/site/pages/article.tsx';
import { renderDocument } from '../src/web/document/render.tsx';
import type { ImageView } from '../src/content/images/present.ts';

/**
 * The cache-miss render on its own: a 1,000-word article with a hero picture and a related
 * story, rendered to a whole HTML document, timed one render at a time.
 */
const base = 'https://news.example';
const image = (id: string): ImageView => {
  const widths = [320, 640, 960, 1280, 2000];
  const variants = widths.flatMap((width) =>
    (['avif', 'webp', 'jpeg'] as const).map((format) => ({
      format,
      width,
      height: Math.round(width * 0.5625),
      bytes: 1000,
      url: `${base}/media/${id}/${width}.${format === 'jpeg' ? 'jpg' : format}`,
    })),
  );
  const srcset = Object.fromEntries(
    (['avif', 'webp', 'jpeg'] as const).map((f) => [
      f,
      variants
        .filter((v) => v.format === f)
        .map((v) => `${v.url} ${v.width}w`)
        .join(', '),
    ]),
  );
  return {
    id,
    width: 2000,
    height: 1125,
    alt: 'Delegates around a table',
    caption: 'The closing session of the summit.',
    credit: 'Photo: Desk',
    focalPoint: { x: 0.5, y: 0.5 },
    src: variants[9]!.url,
    srcset,
    variants,
    crops: {
      card: { url: `${base}/media/${id}/card-500-500.jpg`, width: 960, height: 540 },
      social: { url: `${base}/media/${id}/social-500-500.jpg`, width: 1200, height: 630 },
      thumbnail: { url: `${base}/media/${id}/thumbnail-500-500.jpg`, width: 400, height: 400 },
    },
  };
};

const words = 'the delegations met again on monday to agree a timetable for talks that officials said could begin within weeks'.split(' ');
const paragraph = (n: number) => ({
  type: 'paragraph' as const,
  content: [
    { text: Array.from({ length: 50 }, (_, i) => words[(i + n) % words.length]).join(' ') + '.' },
    { text: ' More detail', href: `${base}/world/more` },
    { text: ' followed.' },
  ],
});

export function fixture(): { site: SiteView; article: ArticleView } {
  const site: SiteView = {
    name: 'The Masthead',
    publicUrl: base,
    editions: [
      { code: 'uk', name: 'UK edition', locale: 'en-GB', timeZone: 'Europe/London', url: `${base}/uk` },
      { code: 'us', name: 'US edition', locale: 'en-US', timeZone: 'America/New_York', url: `${base}/us` },
    ],
    pages: [],
    nav: ['news', 'business', 'climate', 'culture'].map((slug) => ({ slug, name: slug, url: `${base}/${slug}` })),
    assets: {
      css: '/assets/site-x.css',
      loader: '/assets/islands-x.js',
      newsroomLoader: '/assets/newsroom-x.js',
      newsroomCss: '/assets/newsroom-x.css',
      logo: '/assets/logo-x.png',
    },
  };
  const body = [
    ...Array.from({ length: 10 }, (_, i) => paragraph(i)),
    { type: 'quote' as const, content: [{ text: 'We came to agree on the next step.' }], attribution: 'A negotiator' },
    {
      type: 'related' as const,
      articleId: 'a',
      article: {
        id: 'a',
        slug: 'explainer',
        headline: 'What is on the table',
        standfirst: 'A guide to the talks.',
        url: `${base}/world/explainer`,
        published: true,
      },
    },
    ...Array.from({ length: 10 }, (_, i) => paragraph(i + 10)),
  ];
  const article = {
    id: 'x',
    slug: 'summit',
    url: `${base}/world/summit`,
    headline: 'Leaders sign a joint statement at the summit',
    seoHeadline: 'Leaders sign a joint statement at the summit',
    standfirst: 'Two governments back monitored talks, the first shared position in four years.',
    hero: image('h'),
    body,
    authors: [{ slug: 'a', name: 'Maya Okonkwo', title: '', url: `${base}/author/a` }],
    section: {
      slug: 'world',
      name: 'World',
      url: `${base}/world`,
      path: [
        { slug: 'news', name: 'News', url: `${base}/news` },
        { slug: 'world', name: 'World', url: `${base}/world` },
      ],
    },
    topics: [{ slug: 'diplomacy', name: 'Diplomacy', url: `${base}/topic/diplomacy` }],
    edition: 'uk',
    editions: ['uk'],
    commentsEnabled: true,
    firstPublishedAt: '2026-11-11T09:36:00.000Z',
    publishedAt: '2026-11-11T09:36:00.000Z',
    updatedAt: '2026-11-11T11:00:00.000Z',
    corrections: [{ kind: 'correction', note: 'An earlier version gave the wrong day.', createdAt: '2026-11-11T11:00:00.000Z' }],
  } as unknown as ArticleView;
  return { site, article };
}

export function renderOnce(site: SiteView, article: ArticleView): Buffer {
  const edition = site.editions[0]!;
  return renderDocument(
    <Layout site={site} edition={edition} meta={{ title: article.headline, description: article.standfirst, canonical: article.url }}>
      <ArticlePage site={site} article={article} edition={edition} />
    </Layout>,
  );
}

export function renderFixture(iterations = 3000) {
  const { site, article } = fixture();
  const words = article
    .body!.flatMap((b) => ('content' in b ? b.content.map((r) => r.text) : []))
    .join(' ')
    .split(/\s+/).length;
  for (let i = 0; i < 300; i++) renderOnce(site, article);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    renderOnce(site, article);
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return {
    words,
    medianMicroseconds: Math.round(median),
    rendersPerSecondAtMedian: Math.round(1e6 / median),
    p99Microseconds: Math.round(times[Math.floor(times.length * 0.99)]!),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(renderFixture());
