import { listSections, urlsFor, type ContentEvents } from '../content/index.ts';
import { openFront, publishDraft, saveDraft, type Container, type FrontLayout } from '../fronts/index.ts';
import type { Database } from '../platform/db/database.ts';

/**
 * The demo's curated fronts: each edition's front leads with stories an editor picked, keeps a
 * breaking-news strip ready (empty, so not shown, until news breaks), gathers the writers'
 * analysis with their faces, and gives each top-level section a row that fills itself.
 * Published through the fronts service, as an editor would. Automatic rows skip stories placed
 * higher, so each edition leaves at least one story of every section unplaced for its row;
 * the curated containers fill only when one of their stories drops out.
 */
const EDITION_FRONTS: Record<'uk' | 'us', { lead: string[]; top: string[]; opinion: string[]; headline?: string }> = {
  uk: {
    lead: ['housing-targets', 'estuary-storm-live', 'summit-statement', 'wind-auction'],
    top: ['nhs-waiting', 'election-night-live', 'rates-hold', 'library-reopens'],
    opinion: ['summit-explainer', 'heat-pumps', 'wage-growth'],
    headline: 'Councils told to find room for a million homes',
    // Left for the rows: rent-survey (News), port-fees-prices (Business), flood-defences (Climate), theatre-season (Culture).
  },
  us: {
    lead: ['senate-budget', 'estuary-storm-live', 'summit-statement'],
    top: ['governor-race', 'election-night-live', 'rates-hold'],
    opinion: ['summit-explainer', 'theatre-season'],
    // Left for the rows: rural-hospitals (News), port-fees-prices (Business), wind-auction (Climate), film-festival (Culture).
  },
};

const curated = (id: string, title: string, layout: Container['layout'], size: number, articleIds: string[], fill: boolean): Container => ({
  id,
  title,
  layout,
  mode: 'curated',
  size,
  cards: articleIds.map((articleId) => ({ articleId })),
  ...(fill ? { fill: true, source: {} } : {}),
});

export async function seedFronts(database: Database, events: ContentEvents, articleIds: Map<string, string>, now: Date): Promise<void> {
  // Opening a front only checks its edition exists: no address is stored, so any base will do.
  const ctx = { database, events, urls: urlsFor('') };
  const who = { actor: 'account:Demo editor', now };
  const id = (key: string) => {
    const found = articleIds.get(key);
    if (!found) throw new Error(`The demo front names ${key}, which is not a demo article`);
    return found;
  };
  const topLevel = (await listSections(database.db)).filter((s) => !s.parentId);
  for (const [edition, picks] of Object.entries(EDITION_FRONTS)) {
    const [first, ...rest] = picks.lead.map(id);
    const lead = curated('lead', 'Top story', 'lead', picks.lead.length, [], true);
    lead.cards = [
      { articleId: first!, boosted: true, ...(picks.headline ? { overrides: { headline: picks.headline } } : {}) },
      ...rest.map((articleId) => ({ articleId })),
    ];
    const layout: FrontLayout = {
      containers: [
        curated('breaking', 'Breaking news', 'breaking', 1, [], false),
        lead,
        curated('top-stories', 'Top stories', 'top', picks.top.length, picks.top.map(id), true),
        curated('opinion', 'Analysis and opinion', 'opinion', picks.opinion.length, picks.opinion.map(id), false),
        ...topLevel.map((section): Container => ({
          id: `section-${section.slug}`,
          title: section.name,
          layout: 'row',
          mode: 'automatic',
          size: 4,
          cards: [],
          source: { sectionId: section.id },
        })),
      ],
    };
    const frontId = await openFront(ctx, { kind: 'edition', edition }, who);
    const saved = await saveDraft(ctx, frontId, layout, 1, who);
    await publishDraft(ctx, frontId, saved.version, who);
  }
}
