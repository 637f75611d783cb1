import { listEditions, listSections, type Urls } from '../content/index.ts';
import type { Executor } from '../platform/db/database.ts';
import type { FrontScope } from './model.ts';
import { listFronts } from './repository/fronts.ts';
import type { SectionSummary } from './scopes.ts';

/** One front in the fronts tool's list: every edition and every section has one, opened or not. */
export interface FrontListing {
  id: string | null;
  scope: FrontScope;
  name: string;
  url: string;
  version: number | null;
  publishedNumber: number | null;
  publishedAt: string | null;
  savedAt: string | null;
  actor: string | null;
}

type Places = { editions: { code: string; name: string }[]; sections: { id: string; slug: string; name: string; parentId: string | null }[] };

const places = async (executor: Executor): Promise<Places> => ({ editions: await listEditions(executor), sections: await listSections(executor) });

function describe(scope: FrontScope, { editions, sections }: Places, urls: Urls): { name: string; url: string } | null {
  if (scope.kind === 'edition') {
    const edition = editions.find((e) => e.code === scope.edition);
    // An edition's front lives at /{code}, as a top-level section's does at /{slug}.
    return edition ? { name: edition.name, url: urls.section(edition.code) } : null;
  }
  const section = sections.find((s) => s.id === scope.sectionId);
  return section ? { name: section.name, url: urls.section(section.slug) } : null;
}

/** The front's name and address for people, or null when its edition or section is gone. */
export async function describeFront(executor: Executor, urls: Urls, scope: FrontScope) {
  return describe(scope, await places(executor), urls);
}

/** The sections a new edition front's starting layout has a row for. */
export async function topLevelSections(executor: Executor): Promise<SectionSummary[]> {
  return (await listSections(executor)).filter((s) => !s.parentId).map((s) => ({ id: s.id, name: s.name }));
}

/** Every edition front, then every section front, with what has been done to each. */
export async function listAllFronts(executor: Executor, urls: Urls): Promise<FrontListing[]> {
  const known = await places(executor);
  const fronts = await listFronts(executor);
  const scopes: FrontScope[] = [
    ...known.editions.map((e): FrontScope => ({ kind: 'edition', edition: e.code })),
    ...known.sections.map((s): FrontScope => ({ kind: 'section', sectionId: s.id })),
  ];
  return scopes.map((scope) => {
    const front = fronts.find((f) =>
      scope.kind === 'edition'
        ? f.scope.kind === 'edition' && f.scope.edition === scope.edition
        : f.scope.kind === 'section' && f.scope.sectionId === scope.sectionId,
    );
    return {
      id: front?.id ?? null,
      scope,
      ...describe(scope, known, urls)!,
      version: front?.version ?? null,
      publishedNumber: front?.publishedNumber ?? null,
      publishedAt: front?.publishedAt?.toISOString() ?? null,
      savedAt: front?.savedAt.toISOString() ?? null,
      actor: front?.actor ?? null,
    };
  });
}
