import type { Container, FrontLayout, FrontScope } from './model.ts';

/** A section as the default layout needs it. */
export interface SectionSummary {
  id: string;
  name: string;
}

/**
 * The layout a front has before any editor publishes one, and the layout the fronts tool
 * starts a new front's draft from: the site never shows a blank front. An edition front leads
 * with its latest stories, then a row of each top-level section's latest; a section front
 * leads with the section's latest and lists more beneath. Pure: the same scope and sections
 * always give the same layout, so the site, the Content API and the tool agree on it.
 */
export function startingLayout(scope: FrontScope, sections: SectionSummary[]): FrontLayout {
  if (scope.kind === 'section') {
    return {
      containers: [
        automatic('latest', 'Latest', 'lead', 5, { sectionId: scope.sectionId }),
        automatic('more', 'More', 'headlines', 12, { sectionId: scope.sectionId }),
      ],
    };
  }
  return {
    containers: [
      automatic('top', 'Top stories', 'lead', 5, {}),
      automatic('latest', 'Latest', 'top', 8, {}),
      ...sections.map((section) => automatic(`section-${section.id}`, section.name, 'row', 4, { sectionId: section.id })),
    ],
  };
}

function automatic(id: string, title: string, layout: Container['layout'], size: number, source: NonNullable<Container['source']>): Container {
  return { id, title, layout, mode: 'automatic', size, cards: [], source };
}
