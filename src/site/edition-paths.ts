/**
 * Where an article's pages are in an edition: its home edition (the first it is in) serves them
 * at the article's own address, any other under the edition's code. The article routes, their
 * redirects and the live stream's links all follow this one rule.
 */
export function articlePathIn(editionCode: string | undefined, home: string | undefined, sectionSlug: string, slug: string): string {
  return editionCode && editionCode !== home ? `/${editionCode}/${sectionSlug}/${slug}` : `/${sectionSlug}/${slug}`;
}
