import { diffArrays, diffWords } from 'diff';
import type { Block } from '../../content/index.ts';
import { describeBlock } from './describe-block.ts';

/**
 * A readable difference between two saved states of an article, for the revision history:
 * each changed field with its words struck out and added, and the body compared block by
 * block (a changed paragraph shows the words that changed inside it; long unchanged stretches
 * fold away). Pure: two snapshots in, a description out.
 */
export interface Part {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export type BodyRow =
  { kind: 'same' | 'added' | 'removed'; label: string; text: string } | { kind: 'changed'; label: string; parts: Part[] } | { kind: 'folded'; count: number };

export interface FieldChange {
  field: string;
  label: string;
  parts: Part[];
}

export interface RevisionDiff {
  fields: FieldChange[];
  body: BodyRow[];
  bodyChanged: boolean;
}

type Snapshot = Record<string, unknown>;

const words = (before: string, after: string): Part[] =>
  diffWords(before, after).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));

const names = (value: unknown) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'object' && v && 'name' in v ? String(v.name) : String(v))).join(', ') : '';

const FIELDS: { field: string; label: string; read: (s: Snapshot) => string }[] = [
  { field: 'status', label: 'Status', read: (s) => String(s.status ?? '').replace('_', ' ') },
  { field: 'headline', label: 'Headline', read: (s) => String(s.headline ?? '') },
  { field: 'seoHeadline', label: 'SEO headline', read: (s) => String(s.seoHeadline ?? '') },
  { field: 'standfirst', label: 'Standfirst', read: (s) => String(s.standfirst ?? '') },
  { field: 'authors', label: 'Byline', read: (s) => names(s.authors) },
  { field: 'section', label: 'Section', read: (s) => String((s.section as { name?: string } | undefined)?.name ?? '') },
  { field: 'topics', label: 'Topics', read: (s) => names(s.topics) },
  { field: 'editions', label: 'Editions', read: (s) => names(s.editions) },
  {
    field: 'hero',
    label: 'Hero image',
    read: (s) =>
      s.heroImageId ? [s.heroAlt, s.heroCaption, s.heroCredit].filter((x) => typeof x === 'string' && x).join(' | ') || String(s.heroImageId) : 'none',
  },
  { field: 'commentsEnabled', label: 'Comments', read: (s) => (s.commentsEnabled === false ? 'off' : 'on') },
  {
    field: 'corrections',
    label: 'Corrections and update notes',
    read: (s) =>
      ((s.corrections ?? []) as { kind: string; note: string }[]).map((c) => `${c.kind === 'update' ? 'Update' : 'Correction'}: ${c.note}`).join('\n'),
  },
];

/** Unchanged blocks kept around a change, so it can be read in context. */
const CONTEXT = 1;

function foldUnchanged(rows: BodyRow[]): BodyRow[] {
  const near = (i: number) => rows.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((r) => r.kind !== 'same');
  const out: BodyRow[] = [];
  rows.forEach((row, i) => {
    if (row.kind !== 'same' || near(i)) return void out.push(row);
    const last = out.at(-1);
    if (last?.kind === 'folded') last.count += 1;
    else out.push({ kind: 'folded', count: 1 });
  });
  return out;
}

function diffBody(before: Block[], after: Block[]): BodyRow[] {
  const a = before.map(describeBlock);
  const b = after.map(describeBlock);
  const key = (d: { label: string; text: string }) => `${d.label}\u0000${d.text}`;
  const rows: BodyRow[] = [];
  const chunks = diffArrays(a.map(key), b.map(key));
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const split = (k: string) => ({ label: k.split('\u0000')[0]!, text: k.split('\u0000')[1]! });
    if (!chunk.added && !chunk.removed) {
      for (const k of chunk.value) rows.push({ kind: 'same', ...split(k) });
      continue;
    }
    const next = chunks[i + 1];
    if (chunk.removed && next?.added) {
      // Blocks replaced one for one (the usual edit): show what changed inside each.
      const pairs = Math.min(chunk.value.length, next.value.length);
      for (let j = 0; j < pairs; j++) {
        const old = split(chunk.value[j]!);
        const neu = split(next.value[j]!);
        rows.push(
          old.label === neu.label ? { kind: 'changed', label: neu.label, parts: words(old.text, neu.text) } : { kind: 'removed', ...old },
          ...(old.label === neu.label ? [] : [{ kind: 'added' as const, ...neu }]),
        );
      }
      for (const k of chunk.value.slice(pairs)) rows.push({ kind: 'removed', ...split(k) });
      for (const k of next.value.slice(pairs)) rows.push({ kind: 'added', ...split(k) });
      i += 1;
      continue;
    }
    for (const k of chunk.value) rows.push({ kind: chunk.added ? 'added' : 'removed', ...split(k) });
  }
  return foldUnchanged(rows);
}

export function diffSnapshots(before: Snapshot | null, after: Snapshot): RevisionDiff {
  const fields: FieldChange[] = [];
  for (const { field, label, read } of FIELDS) {
    const old = before ? read(before) : '';
    const neu = read(after);
    if (old !== neu) fields.push({ field, label, parts: words(old, neu) });
  }
  const body = diffBody((before?.body ?? []) as Block[], (after.body ?? []) as Block[]);
  return { fields, body, bodyChanged: body.some((row) => row.kind !== 'same' && row.kind !== 'folded') };
}
