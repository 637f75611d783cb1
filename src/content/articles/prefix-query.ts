/**
 * Pure: a search typed so far as a tsquery that matches words starting with each term
 * ("harb ferr" finds "harbour ferry"), for the newsroom's search-as-you-type. Only letters and
 * digits reach the query, so nothing typed can be tsquery syntax. Null when nothing is left.
 */
export function prefixQuery(typed: string): string | null {
  const terms =
    typed
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!terms.length) return null;
  return terms
    .slice(0, 12)
    .map((term) => `${term}:*`)
    .join(' & ');
}
