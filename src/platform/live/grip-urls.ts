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

/** What is wrong with a GRIP_URL value, in words for the operator; null when nothing is. */
export function gripUrlProblem(value: string): string | null {
  const keys = new Set<string>();
  for (const raw of gripUrls(value)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return `must be a URL (or several, separated by commas), got "${raw}"`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must start with http:// or https://, got "${raw}"`;
    // Without a secret key to check Grip-Sig against (not Pushpin's stock "changeme"), any client
    // could ask for hold instructions (Fanout's key is known; verify-iss names the service).
    if (isFanout(url)) {
      const service = url.searchParams.get('verify-iss');
      if (!service) return 'for Fastly Fanout needs verify-iss=fastly:SERVICE_ID (and key=API_TOKEN to publish)';
      keys.add(`iss:${service}`);
      continue;
    }
    const key = url.searchParams.get('verify-key');
    if (!key) return 'needs verify-key= (the key the proxy signs Grip-Sig with, sig_key in pushpin.conf), e.g. http://127.0.0.1:5561/?verify-key=SECRET';
    if (key === 'changeme' || key.length < 16) return 'verify-key must be a secret of 16 characters or more, not "changeme"';
    keys.add(`key:${key}`);
  }
  if (keys.size === 0) return 'names no proxy';
  if (keys.size > 1) return 'names proxies that sign with different keys: give every Pushpin the same sig_key (one Fanout service at most)';
  return null;
}
