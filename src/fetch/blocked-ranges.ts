/**
 * Address ranges a fetched URL must never reach unless the operator allows
 * the host: anything that is not the public Internet (loopback, private,
 * link-local and cloud metadata, CGNAT, multicast, documentation, reserved),
 * including IPv6 spellings that carry one of those IPv4 addresses inside.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const IPV4_RANGES: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, home of cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, including 255.255.255.255 broadcast
];

const IPV6_RANGES: Array<[string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64: translates to anything inside the operator's network
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments, Teredo included
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
];

const blockList = new BlockList();
for (const [network, prefix] of IPV4_RANGES) blockList.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_RANGES) blockList.addSubnet(network, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address (zone id ignored), or null when `text` is not one. */
export function ipv6Bytes(text: string): Uint8Array | null {
  const address = text.replace(/%.*$/, '');
  if (!isIPv6(address)) return null;
  let head = address;
  let tail = '';
  const doubleColon = address.indexOf('::');
  if (doubleColon !== -1) {
    head = address.slice(0, doubleColon);
    tail = address.slice(doubleColon + 2);
  }
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const octets = piece.split('.').map(Number);
        out.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
      } else {
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const headGroups = groups(head);
  const tailGroups = groups(tail);
  const zeros = new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  const all = [...headGroups, ...zeros, ...tailGroups];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

function dotted(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, i) => bytes[i] === value);
}

/**
 * The IPv4 address an IPv6 address stands for, when its prefix says it
 * carries one: IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96), NAT64
 * well-known prefix (64:ff9b::/96) and 6to4 (2002::/16).
 */
function embeddedIpv4(bytes: Uint8Array): string | null {
  const tenZeros = new Array<number>(10).fill(0);
  if (startsWith(bytes, [...tenZeros, 0xff, 0xff])) return dotted(bytes, 12);
  if (startsWith(bytes, [...tenZeros, 0, 0])) return dotted(bytes, 12);
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return dotted(bytes, 12);
  if (startsWith(bytes, [0x20, 0x02])) return dotted(bytes, 2);
  return null;
}

/**
 * True when `ip` must not be fetched. Anything that is not a well-formed IP
 * address is blocked too: the guard fails closed.
 */
export function isBlockedAddress(ip: string): boolean {
  const text = ip.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIPv4(text)) return blockList.check(text, 'ipv4');
  const bytes = ipv6Bytes(text);
  if (bytes === null) return true;
  const inner = embeddedIpv4(bytes);
  if (inner !== null && blockList.check(inner, 'ipv4')) return true;
  return blockList.check(text.replace(/%.*$/, ''), 'ipv6');
}
