/**
 * Writes a small MaxMind DB (the MMDB format as MaxMind documents it: a binary search tree of
 * 24-bit records over IPv4, a data section, and metadata) mapping address ranges to countries,
 * so tests can hand the site a database the way an operator supplies GeoLite2 or GeoIP2.
 */
type Ref = { node: number } | { data: number } | null;

const bytes = (value: number | bigint, max: number) => {
  const out: number[] = [];
  let v = BigInt(value);
  while (v > 0n && out.length < max) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
};
const str = (s: string) => {
  const b = [...Buffer.from(s, 'utf8')];
  if (b.length >= 29) throw new Error('long strings are not needed here');
  return [0x40 | b.length, ...b];
};
const uint16 = (v: number) => ((b) => [0xa0 | b.length, ...b])(bytes(v, 2));
const uint32 = (v: number) => ((b) => [0xc0 | b.length, ...b])(bytes(v, 4));
const uint64 = (v: number) => ((b) => [b.length, 9 - 7, ...b])(bytes(v, 8));
const array = (items: number[][]) => [items.length, 11 - 7, ...items.flat()];
const map = (entries: [string, number[]][]) => [0xe0 | entries.length, ...entries.flatMap(([k, v]) => [...str(k), ...v])];

export function countryDatabase(ranges: { cidr: string; country: string }[]): Buffer {
  const nodes: [Ref, Ref][] = [[null, null]];
  const data: number[] = [];
  const offsets = new Map<string, number>();
  for (const { cidr, country } of ranges) {
    const [ip, len] = cidr.split('/') as [string, string];
    const bits = ip.split('.').reduce((n, octet) => (n << 8) | Number(octet), 0) >>> 0;
    let offset = offsets.get(country);
    if (offset === undefined) {
      offset = data.length;
      offsets.set(country, offset);
      data.push(...map([['country', map([['iso_code', str(country)]])]]));
    }
    let node = 0;
    for (let depth = 0; depth < Number(len); depth++) {
      const side = (bits >>> (31 - depth)) & 1;
      if (depth === Number(len) - 1) {
        nodes[node]![side] = { data: offset };
        break;
      }
      const next = nodes[node]![side];
      if (next && 'node' in next) node = next.node;
      else {
        nodes.push([null, null]);
        nodes[node]![side] = { node: nodes.length - 1 };
        node = nodes.length - 1;
      }
    }
  }
  const count = nodes.length;
  const record = (r: Ref) => (r === null ? count : 'node' in r ? r.node : count + 16 + r.data);
  const tree = Buffer.alloc(count * 6);
  nodes.forEach(([left, right], i) => {
    tree.writeUIntBE(record(left), i * 6, 3);
    tree.writeUIntBE(record(right), i * 6 + 3, 3);
  });
  const metadata = map([
    ['binary_format_major_version', uint16(2)],
    ['binary_format_minor_version', uint16(0)],
    ['build_epoch', uint64(Math.floor(Date.now() / 1000))],
    ['database_type', str('Masthead-Test-Country')],
    ['description', map([['en', str('Countries for tests')]])],
    ['ip_version', uint16(4)],
    ['languages', array([str('en')])],
    ['node_count', uint32(count)],
    ['record_size', uint16(24)],
  ]);
  return Buffer.concat([tree, Buffer.alloc(16), Buffer.from(data), Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com'), Buffer.from(metadata)]);
}
