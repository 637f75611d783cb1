/** Messages shown next to the fields they concern, by field name (`form`, `workflow` and `link` for the rest). */
export type FieldErrors = Record<string, string>;

/** Field errors are shown next to the field the server names (`body[3].content[0].href` belongs to the body). */
export const fieldOf = (field: string | undefined) => (field ?? '').replace(/^\//, '').split(/[.[/]/)[0] ?? '';
