/**
 * Links in article bodies. Only destinations a reader can safely follow are kept: http(s),
 * mailto and site-relative paths. `javascript:`, `data:`, `vbscript:` and anything that hides
 * one behind entities, whitespace or control characters are refused.
 */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (!href || /[\u0000-\u001f\u007f\s\\]/.test(href.replace(/ /g, '%20'))) return null;
  if (href.startsWith('#')) return href;
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.host ? url.href : null;
  if (url.protocol === 'mailto:') return url.href;
  return null;
}

/** Embeds are shown as links to the embedded page, so only https pages with a host qualify. */
export function safeEmbedUrl(raw: string): string | null {
  const href = safeHref(raw);
  if (!href) return null;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
