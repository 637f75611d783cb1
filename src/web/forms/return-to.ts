/**
 * Where a form may send the browser afterwards: only a path on this site. Anything else (another
 * origin, `//evil.example`, a backslash browsers read as a slash, control characters) becomes
 * the home page, so no link can turn a form of ours into an open redirect.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 1000) return '/';
  // One leading slash, not two (//evil.example) nor a backslash that browsers read as one.
  if (!/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (/^\/account\/(confirm|sign-out)/.test(value)) return '/';
  return value;
}
