/**
 * The SSRF guard's rules, shared by API validation (before a URL is stored)
 * and by the HTTP client (on every hop and every connection).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { FetchError } from '../core/errors.js';
import { isBlockedAddress } from './blocked-ranges.js';

export { isBlockedAddress } from './blocked-ranges.js';

export const MAX_URL_LENGTH = 2048;

/** Hostname in one comparable spelling: lower case, no brackets, no trailing dot, IPs canonical. */
function canonicalHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  try {
    return new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}/`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return bare;
  }
}

interface AllowEntry {
  host: string;
  port: string | null;
}

function parseAllowEntry(entry: string): AllowEntry | null {
  const text = entry.trim();
  if (text === '') return null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: canonicalHost(bracketed[1] ?? ''), port: bracketed[2] ?? null };
  // A bare IPv6 address has several colons and cannot carry a port.
  if (isIP(text) === 6) return { host: canonicalHost(text), port: null };
  const withPort = /^(.*):(\d+)$/.exec(text);
  if (withPort) return { host: canonicalHost(withPort[1] ?? ''), port: withPort[2] ?? null };
  return { host: canonicalHost(text), port: null };
}

/**
 * True when ALLOW_HOSTS lets `hostname:port` through. A "host" entry allows
 * every port of the host, a "host:port" entry only that port.
 */
export function isAllowedHost(hostname: string, port: string | number, allowHosts: string[]): boolean {
  const host = canonicalHost(hostname);
  const portText = String(port);
  return allowHosts.some((entry) => {
    const allowed = parseAllowEntry(entry);
    return allowed !== null && allowed.host === host && (allowed.port === null || allowed.port === portText);
  });
}

export function defaultPort(url: URL): string {
  return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
}

/** The host part of a URL as sockets want it (no IPv6 brackets). */
export function socketHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * True when `address`, reached for `hostname:port`, may be connected to: it
 * is public, or the operator allowed either the name or the address.
 */
export function isPermittedAddress(address: string, hostname: string, port: string, allowHosts: string[]): boolean {
  if (!isBlockedAddress(address)) return true;
  return isAllowedHost(hostname, port, allowHosts) || isAllowedHost(address, port, allowHosts);
}

export function blockedAddressError(url: string, address: string): FetchError {
  return new FetchError('BLOCKED_ADDRESS', `${url} resolves to ${address}, a private or reserved address not in ALLOW_HOSTS`, {
    url,
    statusCode: 400,
    permanent: true,
  });
}

function invalidUrl(url: string, reason: string): FetchError {
  return new FetchError('INVALID_URL', `invalid URL ${JSON.stringify(url.slice(0, 200))}: ${reason}`, {
    url,
    statusCode: 400,
    permanent: true,
  });
}

/**
 * Parses a URL the client may fetch: http(s) only, no credentials, bounded
 * length. WHATWG parsing already turns decimal, octal and hex IPv4 spellings
 * into dotted quads, so the address checks see the real address.
 */
export function parseFetchUrl(url: string): URL {
  if (url.length > MAX_URL_LENGTH) throw invalidUrl(url, `longer than ${MAX_URL_LENGTH} characters`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl(url, 'not a parsable absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidUrl(url, `scheme ${parsed.protocol} is not http or https`);
  }
  if (parsed.username !== '' || parsed.password !== '') throw invalidUrl(url, 'credentials in URLs are not accepted');
  if (parsed.hostname === '') throw invalidUrl(url, 'no host');
  return parsed;
}

/** Refuses a URL whose host is an IP literal in a blocked range (names are checked at lookup time). */
export function assertIpLiteralPermitted(url: URL, allowHosts: string[]): void {
  const host = socketHost(url);
  if (isIP(host) !== 0 && !isPermittedAddress(host, host, defaultPort(url), allowHosts)) {
    throw blockedAddressError(url.href, host);
  }
}

/**
 * Validation for URLs about to be stored: syntax, then every address the
 * name resolves to. A name that does not resolve right now is accepted.
 */
export async function assertFetchableUrl(url: string, allowHosts: string[]): Promise<URL> {
  const parsed = parseFetchUrl(url);
  assertIpLiteralPermitted(parsed, allowHosts);
  const host = socketHost(parsed);
  if (isIP(host) !== 0) return parsed;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return parsed;
  }
  const port = defaultPort(parsed);
  for (const { address } of addresses) {
    if (!isPermittedAddress(address, host, port, allowHosts)) throw blockedAddressError(parsed.href, address);
  }
  return parsed;
}
