import type { ComponentChildren } from 'preact';
import { searchPath, type EditionView, type PageMeta, type SiteView } from './model.ts';
import { EditionSwitch } from '../islands/edition-switch.island.tsx';
import { AccountMenu } from '../islands/account-menu.island.tsx';
import { Island } from '../islands/island.tsx';
import { FooterMenu, SectionsMenu } from './menus.tsx';

/** JSON inside <script>: `<` escaped so no value can close the element. */
const safeJson = (value: object) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

function Head({ site, meta }: { site: SiteView; meta: PageMeta }) {
  const og = meta.openGraph;
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{meta.title}</title>
      <meta name="description" content={meta.description} />
      <link rel="canonical" href={meta.canonical} />
      {meta.alternates?.map((a) => (
        <link rel="alternate" hreflang={a.hreflang} href={a.href} />
      ))}
      {meta.robots && <meta name="robots" content={meta.robots} />}
      <link rel="stylesheet" href={site.assets.css} />
      {meta.loader === 'newsroom' && <link rel="stylesheet" href={site.assets.newsroomCss} />}
      <link rel="icon" href={site.assets.logo} type="image/png" />
      {meta.feeds?.map((f) => (
        <link rel="alternate" type={f.type === 'rss' ? 'application/rss+xml' : 'application/feed+json'} title={f.title} href={f.href} />
      ))}
      {meta.pagination?.prev && <link rel="prev" href={meta.pagination.prev} />}
      {meta.pagination?.next && <link rel="next" href={meta.pagination.next} />}
      <meta property="og:site_name" content={site.name} />
      <meta property="og:title" content={meta.title} />
      <meta property="og:description" content={meta.description} />
      <meta property="og:url" content={meta.canonical} />
      <meta property="og:type" content={og?.type ?? 'website'} />
      {og?.image && (
        <>
          <meta property="og:image" content={og.image.url} />
          <meta property="og:image:width" content={String(og.image.width)} />
          <meta property="og:image:height" content={String(og.image.height)} />
          <meta property="og:image:alt" content={og.image.alt} />
        </>
      )}
      {og?.publishedTime && <meta property="article:published_time" content={og.publishedTime} />}
      {og?.modifiedTime && <meta property="article:modified_time" content={og.modifiedTime} />}
      <meta name="twitter:card" content={og?.image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={meta.title} />
      <meta name="twitter:description" content={meta.description} />
      {og?.image && <meta name="twitter:image" content={og.image.url} />}
      {meta.jsonLd && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: safeJson(meta.jsonLd) }} />}
      {meta.islands !== false && <script type="module" src={meta.loader === 'newsroom' ? site.assets.newsroomLoader : site.assets.loader} />}
    </head>
  );
}

function Header({ site, edition, query }: { site: SiteView; edition: EditionView; query?: string }) {
  return (
    <header class="masthead">
      <a class="skip" href="#content">
        Skip to content
      </a>
      <div class="masthead__top">
        <a class="masthead__name" href={edition.url}>
          {site.name}
        </a>
        <Island
          name="edition-switch"
          hydrate="idle"
          props={{ current: edition.code, editions: site.editions.map(({ code, name, url }) => ({ code, name, url })) }}
        >
          <EditionSwitch current={edition.code} editions={site.editions.map(({ code, name, url }) => ({ code, name, url }))} />
        </Island>
        <Island name="account-menu" hydrate="idle" props={{}}>
          <AccountMenu />
        </Island>
      </div>
      <nav class="sections" aria-label="Sections">
        <SectionsMenu site={site} edition={edition} />
        <form class="search-form" role="search" action={searchPath(site, edition.code)} method="get">
          <label class="visually-hidden" for="site-search">
            Search articles
          </label>
          <input id="site-search" type="search" name="q" maxLength={200} placeholder="Search" value={query ?? ''} />
          <button type="submit">Search</button>
        </form>
      </nav>
    </header>
  );
}

export function Layout({
  site,
  edition,
  meta,
  children,
  query,
}: {
  site: SiteView;
  edition: EditionView;
  meta: PageMeta;
  children: ComponentChildren;
  query?: string;
}) {
  return (
    <html lang={edition.locale}>
      <Head site={site} meta={meta} />
      <body>
        <Header site={site} edition={edition} query={query} />
        <main id="content" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <FooterMenu edition={edition} />
          <p>{site.name} is funded by its readers and free for everyone to read. Every article stays open: no paywall, ever.</p>
          <p>
            <a href="/rss.xml">RSS feed</a> · <a href="/feed.json">JSON feed</a> · <a href="/sitemap.xml">Sitemap</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
