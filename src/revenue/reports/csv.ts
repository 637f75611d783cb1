/**
 * Pure: one CSV field (RFC 4180). A field a spreadsheet would read as a formula (starting with
 * =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe, so an exported name
 * can never run in the newsroom's spreadsheet.
 */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (fields: (string | number | null | undefined)[]) => `${fields.map(csvField).join(',')}\r\n`;
