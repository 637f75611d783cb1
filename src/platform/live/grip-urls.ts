/**
 * GRIP_URL: the GRIP proxies holding readers' live streams, one URL or several separated by
 * commas. Several Pushpin instances share a crowd (a load balancer spreads readers over them)
 * and the app publishes each message to every one; they must sign with the same key, as the
 * app checks a request's Grip-Sig against one. Fastly Fanout is one service, named once.
 */
export function gripUrls(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

const isFanout = (url: URL) => url.hostname === 'api.fastly.com';

/** What is wrong with a GRIP_URL value, in words for the operator (never the URL itself: it holds keys); null when nothing is. */
export function gripUrlProblem(value: string): string | null {
  const urls = gripUrls(value);
  if (urls.length === 0) return 'names no proxy';
  const keys = new Set<string>();
  let fanouts = 0;
  for (const [i, raw] of urls.entries()) {
    const which = urls.length > 1 ? ` (URL ${i + 1} of ${urls.length}; a comma inside a key is written %2C)` : '';
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return `must be a URL, or several separated by commas${which}`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must start with http:// or https://${which}`;
    // Without a secret key to check Grip-Sig against (not Pushpin's stock "changeme"), any client
    // could ask for hold instructions (Fanout's key is known; verify-iss names the service).
    if (isFanout(url)) {
      fanouts++;
      if (url.protocol !== 'https:') return `for Fastly Fanout must start with https:// (its key=API_TOKEN is a secret)${which}`;
      if (!url.searchParams.get('verify-iss')) return `for Fastly Fanout needs verify-iss=fastly:SERVICE_ID (and key=API_TOKEN to publish)${which}`;
      continue;
    }
    const key = url.searchParams.get('verify-key');
    if (!key)
      return `needs verify-key= (the key the proxy signs Grip-Sig with, sig_key in pushpin.conf), e.g. http://127.0.0.1:5561/?verify-key=SECRET${which}`;
    if (key === 'changeme' || key.length < 16) return `verify-key must be a secret of 16 characters or more, not "changeme"${which}`;
    keys.add(key);
  }
  // Fanout is one service however many places it serves from: named twice, each message would go twice.
  if (fanouts > 1) return 'names Fastly Fanout more than once: name it once';
  if (fanouts && keys.size) return 'cannot mix Fastly Fanout and Pushpin: use one or the other';
  if (keys.size > 1) return 'names Pushpins that sign with different keys: give every one the same sig_key (and verify-key)';
  return null;
}
