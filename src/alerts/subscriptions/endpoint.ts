import net from 'node:net';

/**
 * Where the server may send pushes. A push endpoint comes from a browser, so from anyone: left
 * unchecked, "subscribing" an internal address would make the server call it. Only https
 * endpoints on public addresses are accepted; checked here for the address as written, and
 * again at send time for the addresses a host name resolves to (`isPublicAddress` in the
 * sender's DNS lookup). Loopback is allowed only when the operator says so (a test push service).
 */
const PRIVATE = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const)
  PRIVATE.addSubnet(address, prefix, 'ipv6');

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Pure: true when `ip` is a public unicast address (or loopback, when allowed). */
export function isPublicAddress(ip: string, allowLoopback: boolean): boolean {
  const family = net.isIP(ip);
  if (!family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4 address.
  const mapped = type === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] : undefined;
  if (mapped) return isPublicAddress(mapped, allowLoopback);
  if (allowLoopback && LOOPBACK.check(ip, type)) return true;
  return !PRIVATE.check(ip, type);
}

/**
 * The push services of the major browsers: Chrome and the browsers built on it (Firebase Cloud
 * Messaging), Firefox (Mozilla's autopush), Safari (Apple) and Edge (Windows Push Notification
 * Services, on many hosts). An endpoint anywhere else would make every alert a request from our
 * server to a host of the subscriber's choosing: thousands of them, and breaking news would
 * flood that host. The operator adds others (PUSH_EXTRA_SERVICES).
 */
export const BROWSER_PUSH_SERVICES: readonly string[] = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  'web.push.apple.com',
  '*.notify.windows.com',
];

export interface EndpointPolicy {
  /** A push service on this machine (tests): loopback addresses pass the address check. */
  allowLoopback: boolean;
  /** Push services accepted besides the browsers' (PUSH_EXTRA_SERVICES): `host`, `*.domain`, either with `:port`. */
  extraServices: readonly string[];
}

/**
 * Pure: whether `url` is at an accepted push service. An entry is a host or `*.` and a domain
 * (any host under it, not the domain itself), with a port or without one (then the https
 * default only).
 */
export function isAcceptedPushService(url: URL, extraServices: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  return [...BROWSER_PUSH_SERVICES, ...extraServices].some((entry) => {
    const [, name, port] = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!;
    if ((port ?? '') !== url.port) return false;
    return name!.startsWith('*.') ? host.endsWith(name!.slice(1)) && host.length > name!.length - 1 : host === name;
  });
}

export type EndpointProblem = string;

/** Pure: why an endpoint is refused, or null when it may be stored. */
export function endpointProblem(raw: unknown, policy: EndpointPolicy): EndpointProblem | null {
  const { allowLoopback } = policy;
  if (typeof raw !== 'string' || !raw) return 'endpoint is required: the push service URL the browser gave.';
  if (raw.length > 2048) return 'endpoint is longer than 2048 characters.';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'endpoint is not a URL.';
  }
  if (url.protocol !== 'https:') return 'endpoint must be an https URL.';
  if (url.username || url.password) return 'endpoint must not carry a user name or password.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    if (!isPublicAddress(host, allowLoopback)) return 'endpoint points to a private or reserved address.';
  } else if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.')) {
    if (!(allowLoopback && host === 'localhost')) return 'endpoint must be on a public host.';
  }
  if (!isAcceptedPushService(url, policy.extraServices))
    return `endpoint must be at a browser's push service (${BROWSER_PUSH_SERVICES.join(', ')}); ${url.host} is not one this site accepts.`;
  return null;
}
