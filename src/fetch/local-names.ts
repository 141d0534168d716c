/**
 * Host names whose answer is known without asking DNS: names that mean this
 * machine or the private network by convention, cloud metadata services, and
 * public wildcard-DNS services that answer with whatever address the name
 * spells. They are refused up front (unless in ALLOW_HOSTS) so that an
 * offline or odd resolver cannot turn them into "accepted"; the connect-time
 * address check stays the real guard for every other name.
 */
import { isBlockedAddress } from './blocked-ranges.js';

/** Suffixes reserved for local or private use (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal). */
const PRIVATE_SUFFIXES = ['local', 'internal', 'home.arpa', 'localdomain', 'intranet', 'lan', 'corp', 'private'];

/** Metadata services reachable by name from inside a cloud VM (GCP, AWS, Azure, Alibaba, OpenStack, Kubernetes). */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.com',
  'metadata.packet.net',
  'metadata.platformequinix.com',
  'metadata.tencentyun.com',
  'metadata.oraclecloud.com',
  'kubernetes.default',
  'kubernetes.default.svc',
]);

/** Public names (and all their subdomains) that resolve to a loopback address for everyone. */
const LOOPBACK_DOMAINS = [
  'localtest.me',
  'lvh.me',
  'vcap.me',
  'lacolhost.com',
  'fuf.me',
];

/** Wildcard-DNS services: `<ip>.nip.io`, `<a-b-c-d>.sslip.io`, `<hex>.nip.io` answer with that address. */
const WILDCARD_IP_DOMAINS = ['nip.io', 'sslip.io', 'xip.io', 'nip.direct', 'traefik.me', 'backname.io', 'ip.addr.tools'];

function isUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function octetsToAddress(parts: string[]): string | null {
  if (parts.length !== 4) return null;
  if (!parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.map(Number).join('.');
}

/** Private IPv4 addresses spelled inside a name as four consecutive numeric labels (`app.10.0.0.1.example`). */
function dottedPrivateAddress(labels: string[]): string | null {
  for (let i = 0; i + 4 <= labels.length; i++) {
    const address = octetsToAddress(labels.slice(i, i + 4));
    if (address !== null && isBlockedAddress(address)) return address;
  }
  return null;
}

/** The address a wildcard-DNS label stands for: `10-0-0-1`, `app-10-0-0-1` or 8 hex digits (`7f000001`). */
function labelAddress(label: string): string | null {
  const dashed = /(?:^|-)(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(label);
  if (dashed) return octetsToAddress(dashed.slice(1, 5));
  const hex = /(?:^|-)([0-9a-f]{8})$/.exec(label);
  if (hex) {
    const value = parseInt(hex[1] ?? '', 16);
    return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
  }
  return null;
}

export interface LocalName {
  /** Why the name is known to be local, for the error message. */
  reason: string;
  /** The address the name stands for when that is known (loopback names, wildcard DNS), so ALLOW_HOSTS by address applies. */
  address: string | null;
}

const LOOPBACK = '127.0.0.1';

/**
 * What `hostname` (not an IP literal) is known to mean without DNS: a local,
 * private or metadata address; null when only DNS can tell.
 */
export function localName(hostname: string): LocalName | null {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  if (METADATA_NAMES.has(host)) return { reason: 'a cloud metadata service', address: null };
  if (isUnder(host, 'localhost')) return { reason: 'this machine (localhost)', address: LOOPBACK };
  const privateSuffix = PRIVATE_SUFFIXES.find((suffix) => isUnder(host, suffix));
  if (privateSuffix !== undefined) {
    return { reason: `a name under .${privateSuffix}, which only means something inside a private network`, address: null };
  }
  // A single label goes through the local search domains: it can only name something on the private network.
  if (!host.includes('.')) return { reason: 'a single-label name, resolved only inside the local network', address: null };
  if (LOOPBACK_DOMAINS.some((domain) => isUnder(host, domain))) {
    return { reason: 'a public name that resolves to the loopback address', address: LOOPBACK };
  }
  const labels = host.split('.');
  const wildcard = WILDCARD_IP_DOMAINS.find((domain) => isUnder(host, domain));
  if (wildcard === undefined) {
    const dotted = dottedPrivateAddress(labels);
    return dotted === null ? null : { reason: `a name that spells the private address ${dotted}`, address: dotted };
  }
  const ownLabels = labels.slice(0, labels.length - wildcard.split('.').length);
  const dotted = dottedPrivateAddress(ownLabels);
  if (dotted !== null) return { reason: `a wildcard-DNS name for ${dotted}`, address: dotted };
  for (const label of ownLabels) {
    const address = labelAddress(label);
    if (address !== null && isBlockedAddress(address)) return { reason: `a wildcard-DNS name for ${address}`, address };
  }
  return null;
}

/**
 * Names under `.invalid` never resolve (RFC 6761 §6.4 asks resolver libraries
 * to answer them negatively at once): asking DNS would only let an offline or
 * slow resolver turn a known "no such host" into a timeout.
 */
export function neverResolves(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'invalid' || name.endsWith('.invalid');
}
