import type { SchemaColumn } from '../../platform/db/columns.ts';
import type { PersonalDataPart } from './registry.ts';

/**
 * The rule for "a column that refers to a reader": every column of `users`; every column with
 * a foreign key to users.id; and, whatever their foreign key, columns whose name says they hold
 * who someone is (ids of people, e-mail addresses, network addresses, browsers, names of
 * actors, payment-provider customers). A new table that stores any of these is caught here.
 */
const PERSONAL_NAME =
  /(^|_)(user_id|reader_id|author_id|moderator_id|follower_id|followee_id|actor|actor_id|actor_name|created_by|updated_by|display_name|ip|ip_address|user_agent|customer_ref)$|email/;

export type Side = 'export' | 'erase';

/** A personal column deliberately left out of one side (or both), with the reason written down. */
export interface Exemption {
  column: string;
  sides: readonly Side[];
  reason: string;
}

export interface CoverageGap {
  column: string;
  side: Side;
}

/** Pure: whether a column, by the rule above, refers to a reader. */
export const isPersonal = (column: SchemaColumn): boolean => column.table === 'users' || column.references === 'users.id' || PERSONAL_NAME.test(column.column);

/**
 * Pure: what the declarations fail to account for. `gaps`: personal columns that neither a
 * part's export (or erasure) covers nor an exemption excuses, for each side. `unknown`:
 * declarations naming a column the database does not have (a rename the declaration missed).
 */
export function coverageProblems(
  schema: readonly SchemaColumn[],
  parts: readonly PersonalDataPart[],
  exemptions: readonly Exemption[],
): { gaps: CoverageGap[]; unknown: string[] } {
  const existing = new Set(schema.map((c) => `${c.table}.${c.column}`));
  const covered: Record<Side, Set<string>> = { export: new Set(), erase: new Set() };
  for (const part of parts) for (const side of ['export', 'erase'] as const) for (const column of part.covers[side]) covered[side].add(column);
  for (const exemption of exemptions) for (const side of exemption.sides) covered[side].add(exemption.column);

  const gaps: CoverageGap[] = [];
  for (const column of schema.filter(isPersonal)) {
    const name = `${column.table}.${column.column}`;
    for (const side of ['export', 'erase'] as const) if (!covered[side].has(name)) gaps.push({ column: name, side });
  }
  const declared = [...parts.flatMap((p) => [...p.covers.export, ...p.covers.erase]), ...exemptions.map((e) => e.column)];
  const unknown = [...new Set(declared.filter((c) => !existing.has(c)))];
  return { gaps, unknown };
}
