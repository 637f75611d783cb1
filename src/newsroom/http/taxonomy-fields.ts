import { invalid } from '../../platform/errors.ts';
import { graphemeCount, TEXT_FORMAT_MESSAGES, TEXT_FORMATS } from '../../platform/text.ts';

/** The lists the taxonomy page manages, and the fields each entry has, with their rules. */
export const KINDS = ['section', 'topic', 'author'] as const;
export type Kind = (typeof KINDS)[number];

export interface FieldRule {
  label: string;
  format: keyof typeof TEXT_FORMATS;
  max: number;
  required?: boolean;
  multiline?: boolean;
}

export const FIELDS: Record<Kind, Record<string, FieldRule>> = {
  section: {
    name: { label: 'Name', format: 'name', max: 200, required: true },
    description: { label: 'Description', format: 'text', max: 1_000, multiline: true },
  },
  topic: {
    name: { label: 'Name', format: 'name', max: 200, required: true },
    description: { label: 'Description', format: 'text', max: 1_000, multiline: true },
  },
  author: {
    name: { label: 'Name', format: 'name', max: 200, required: true },
    title: { label: 'Title', format: 'line', max: 120 },
    bio: { label: 'Biography', format: 'text', max: 3_000, multiline: true },
  },
};

/** Pure: a form's fields for `kind`, checked as strictly as the Admin API checks its JSON. */
export function readTaxonomyFields(kind: Kind, body: Partial<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, rule] of Object.entries(FIELDS[kind])) {
    const value = (body[name] ?? '').trim();
    if (rule.required && !value) throw invalid(name, `${rule.label} is required.`);
    if (!TEXT_FORMATS[rule.format](value) && value) throw invalid(name, `${rule.label} ${TEXT_FORMAT_MESSAGES[rule.format]}.`);
    if (graphemeCount(value) > rule.max) throw invalid(name, `${rule.label} must be at most ${rule.max} characters.`);
    out[name] = value;
  }
  return out;
}
