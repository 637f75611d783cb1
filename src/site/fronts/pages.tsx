import type { AppContext } from '../../context.ts';
import type { SectionRow } from '../../content/index.ts';
import type { FrontLayout, FrontScope } from '../../fronts/index.ts';
import type { EditionView, PageMeta } from '../../web/document/model.ts';
import { listKey } from '../cache/keys.ts';
import { FrontContainers } from '../components/containers.tsx';
import { Subsections, SupportBanner } from '../pages/lists.tsx';
import type { ReaderPages, Rendered } from '../reader-pages.ts';
import { describe } from '../seo.ts';
import { frontTag, loadFront, readerLayout, type LoadedFront } from './load.ts';

/**
 * The first page of an edition's front and of a section's page: the containers editors
 * arranged (or the starting layout until they publish one). Later pages stay plain listings.
 */

/** A front's heading and containers, as the reader page and the editors' preview show them. */
function FrontBody({ edition, front, heading }: { edition: EditionView; front: LoadedFront; heading: preact.ComponentChildren }) {
  return (
    <>
      {heading}
      {front.containers.length ? <FrontContainers containers={front.containers} edition={edition} /> : <p>Nothing has been published here yet.</p>}
      <SupportBanner edition={edition} />
    </>
  );
}

export async function editionFront(ctx: AppContext, { directory, document }: ReaderPages, code: string, draft?: FrontLayout): Promise<Rendered> {
  const db = ctx.database.db;
  const edition = (await directory.edition(code))!;
  const site = await directory.site();
  const scope: FrontScope = { kind: 'edition', edition: code };
  const { frontId, layout } = draft ? { frontId: null, layout: draft } : await readerLayout(db, await directory.sections(), scope);
  const front = await loadFront(db, ctx.paths, await directory.sections(), layout, code);
  const meta: PageMeta = {
    title: `${site.name}: news, ${edition.name}`,
    description: `The latest reporting from ${site.name}, free for everyone to read.`,
    canonical: edition.url,
    alternates: site.editions.map((e) => ({ hreflang: e.locale, href: e.url })),
    feeds: [{ title: `${site.name}`, href: '/rss.xml', type: 'rss' }],
    ...(draft ? { robots: 'noindex', islands: false } : {}),
  };
  const heading = <h1 class="visually-hidden">{edition.name}: the latest news</h1>;
  const body = await document(edition, meta, <FrontBody edition={edition} front={front} heading={heading} />);
  return { status: 200, keys: [frontTag(frontId), listKey('edition', code), ...front.keys], body };
}

export async function sectionFront(ctx: AppContext, { directory, document }: ReaderPages, section: SectionRow, draft?: FrontLayout): Promise<Rendered> {
  const { urls } = ctx;
  const db = ctx.database.db;
  const edition = await directory.defaultEdition();
  const site = await directory.site();
  const scope: FrontScope = { kind: 'section', sectionId: section.id };
  const { frontId, layout } = draft ? { frontId: null, layout: draft } : await readerLayout(db, await directory.sections(), scope);
  const front = await loadFront(db, ctx.paths, await directory.sections(), layout, null);
  const url = urls.section(section.slug);
  const path = new URL(url).pathname;
  const meta: PageMeta = {
    title: `${section.name} | ${site.name}`,
    description: describe(section.description || `${section.name}: articles from ${site.name}.`),
    canonical: url,
    feeds: [{ title: `${section.name} | ${site.name}`, href: `${path}/rss.xml`, type: 'rss' }],
    ...(draft ? { robots: 'noindex', islands: false } : {}),
  };
  const subsections = await directory.children(section.id);
  const heading = (
    <>
      <h1 class="page-title">{section.name}</h1>
      {section.description && <p class="page-intro">{section.description}</p>}
      {subsections.length > 0 && <Subsections section={section.name} subsections={subsections.map((s) => ({ name: s.name, url: urls.section(s.slug) }))} />}
    </>
  );
  const body = await document(edition, meta, <FrontBody edition={edition} front={front} heading={heading} />);
  const treeKeys = (await directory.subtree(section.id)).map((s) => listKey('section', s.id));
  return { status: 200, keys: [frontTag(frontId), ...treeKeys, ...front.keys], body };
}
