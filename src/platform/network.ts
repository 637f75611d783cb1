import ipaddr from 'ipaddr.js';

/** The IPv6 prefix length that makes one network by default: what an ISP gives one home or phone. */
export const DEFAULT_IPV6_PREFIX = 64;

/**
 * Pure: the network a limit counts `address` under. An IPv4 address is itself (also when written
 * as IPv6, ::ffff:a.b.c.d). An IPv6 address is its first `ipv6Prefix` bits, written as
 * `network/prefix`: one subscriber gets a whole /64 and can use a new address in it for every
 * request, so counting addresses would count nothing. Anything that is not an address (it
 * cannot come from a socket) stands for itself, cut short.
 */
export function networkOf(address: string, ipv6Prefix = DEFAULT_IPV6_PREFIX): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const bytes = parsed.toByteArray();
  for (let bit = ipv6Prefix; bit < 128; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return `${ipaddr.fromByteArray(bytes).toString()}/${ipv6Prefix}`;
}
