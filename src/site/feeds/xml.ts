// Characters XML 1.0 cannot carry at all; everything else is escaped.
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export const xml = (text: string) =>
  text.replace(INVALID, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** RFC 822 dates, as RSS 2.0 requires: "Thu, 26 Nov 2026 19:29:19 GMT". */
export const rfc822 = (date: Date) => date.toUTCString();

/** W3C datetime, as sitemaps require. */
export const w3c = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
