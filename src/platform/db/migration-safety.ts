/**
 * During a rolling upgrade the old release keeps serving on a schema the new one has migrated,
 * so a migration must only add ("expand"): new tables, new nullable or defaulted columns, new
 * indexes. What would break the old release's queries ("contract": dropping or renaming a table
 * or column, changing a type, making a column required) goes in a migration of its own, marked
 * with a `-- contract` line, shipped a release after the code stopped using what it removes.
 * See docs/adr/0012-expand-contract-migrations.md.
 */

/** A line of its own saying the migration contracts: the old release must not run on it. */
const CONTRACT_MARK = /^--\s*contract\s*(?::|$)/m;

export const isContract = (text: string) => CONTRACT_MARK.test(text);

const BREAKING: { pattern: RegExp | ((statement: string) => boolean); why: string }[] = [
  { pattern: /\bdrop\s+(table|column|view|type|schema)\b/i, why: 'drops what the old release may still read or write' },
  { pattern: /\brename\b/i, why: 'renames what the old release still names' },
  { pattern: /\balter\s+column\s+"?[\w]+"?\s+(set\s+data\s+)?type\b/i, why: 'changes a type the old release reads and writes' },
  { pattern: /\bset\s+not\s+null\b/i, why: 'makes a column required that the old release may leave empty' },
  { pattern: addsRequiredColumn, why: 'adds a required column without a default, which the old release does not fill' },
  { pattern: dropsBareColumn, why: 'drops a column the old release may still read or write' },
  { pattern: /\bdrop\s+default\b/i, why: 'removes a default the old release relies on when it leaves the column out' },
  {
    pattern: /\badd\s+constraint\s+\S+\s+(?:unique|check|foreign\s+key|primary\s+key)\b|\bcreate\s+unique\s+index\b/i,
    why: 'adds a rule to an existing table that the old release’s writes may break',
  },
];

/** Tables the migration creates: rules on them bind nobody yet (drizzle adds a new table's foreign keys as ALTER TABLE). */
const createdTables = (text: string) => new Set([...text.matchAll(/\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?"?(\w+)"?/gi)].map((m) => m[1]!.toLowerCase()));
const tableOf = (statement: string) => /\b(?:alter\s+table|on)\s+(?:only\s+)?"?(\w+)"?/i.exec(statement)?.[1]?.toLowerCase();

/** `ALTER TABLE t DROP col` (COLUMN is optional in SQL): any DROP in an ALTER TABLE but of a constraint, default, NOT NULL or index. */
function dropsBareColumn(statement: string): boolean {
  const words = statement.toLowerCase().replaceAll('"', ' ').split(/\s+/);
  if (words[0] !== 'alter' || words[1] !== 'table') return false;
  return words.some(
    (word, i) => word === 'drop' && !['constraint', 'default', 'not', 'index', 'column', 'expression', 'identity'].includes(words[i + 1] ?? ''),
  );
}

/** Whether a column added by `statement` is NOT NULL with no DEFAULT to fill the old release's inserts. */
function addsRequiredColumn(statement: string): boolean {
  return [...statement.matchAll(/\badd\s+column\b([^,;]*)/gi)].some(
    ([, definition]) => /\bnot\s+null\b/i.test(definition!) && !/\bdefault\b/i.test(definition!),
  );
}

/** Pure: for each statement of `text` that would break the release before it, why. Empty for a contract migration: it says so. */
export function breakingStatements(text: string): { statement: string; why: string }[] {
  if (isContract(text)) return [];
  const statements = text
    .split('--> statement-breakpoint')
    .map((statement) =>
      statement
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter(Boolean);
  const created = createdTables(text);
  return statements.flatMap((statement) => {
    const table = tableOf(statement);
    if (table && created.has(table)) return [];
    const found = BREAKING.find(({ pattern }) => (typeof pattern === 'function' ? pattern(statement) : pattern.test(statement)));
    return found ? [{ statement: statement.split('\n')[0]!.slice(0, 120), why: found.why }] : [];
  });
}
