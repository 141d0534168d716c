/**
 * The SSRF guard's rules, shared by API validation (before a URL is stored)
 * and by the HTTP client (on every hop and every connection).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { FetchError } from '../core/errors.js';
import { withTimeout } from '../core/with-timeout.js';
import { isBlockedAddress } from './blocked-ranges.js';
import { localName, neverResolves } from './local-names.js';

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
    permanent: true,
  });
}

function invalidUrl(url: string, reason: string): FetchError {
  return new FetchError('INVALID_URL', `invalid URL ${JSON.stringify(url.slice(0, 200))}: ${reason}`, {
    url,
    permanent: true,
  });
}

/** C0 controls, DEL and C1 controls: never part of a URL anyone meant. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, percent-encoded (C1 as its UTF-8 bytes). */
const ENCODED_CONTROL_CHARACTER = /%(?:[01][0-9a-f]|7f|c2%[89][0-9a-f])/i;

/** An "@" in the authority part of the URL as written (before the first / ? # or \\ after "//"). */
const RAW_USERINFO = /^[a-z][a-z0-9+.-]*:[\\/]*[^/?#\\]*@/i;

function describeControl(url: string): string {
  const code = url.match(CONTROL_CHARACTER)?.[0]?.charCodeAt(0) ?? 0;
  return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Parses a URL the client may fetch: http(s) only, no credentials, bounded
 * length. WHATWG parsing already turns decimal, octal and hex IPv4 spellings
 * into dotted quads, so the address checks see the real address.
 *
 * Control characters are refused on the raw text, before the parser would
 * silently drop tabs and newlines or trim the ends: "http://exa\nmple.com/"
 * is not a spelling of example.com that anyone typed on purpose.
 */
export function parseFetchUrl(url: string): URL {
  if (url.length > MAX_URL_LENGTH) throw invalidUrl(url, `longer than ${MAX_URL_LENGTH} characters`);
  if (CONTROL_CHARACTER.test(url)) throw invalidUrl(url, `${describeControl(url)} in the URL`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl(url, 'not a parsable absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidUrl(url, `scheme ${parsed.protocol} is not http or https`);
  }
  // On the raw text too: the parser drops an empty userinfo ("https://:@host/"), which is still not what was meant.
  if (parsed.username !== '' || parsed.password !== '' || RAW_USERINFO.test(url)) throw invalidUrl(url, 'credentials in URLs are not accepted');
  if (parsed.hostname === '') throw invalidUrl(url, 'no host');
  return parsed;
}

/**
 * Refuses, before any lookup, a URL whose host is an IP literal in a blocked
 * range or a name whose answer is known to be local (localhost., *.localhost,
 * metadata names, 127.0.0.1.nip.io...). Other names are checked at lookup
 * and connect time.
 */
export function assertHostPermitted(url: URL, allowHosts: string[]): void {
  const host = socketHost(url);
  const port = defaultPort(url);
  if (isIP(host) !== 0) {
    if (!isPermittedAddress(host, host, port, allowHosts)) throw blockedAddressError(url.href, host);
    return;
  }
  const local = localName(host);
  if (local === null || isAllowedHost(host, port, allowHosts)) return;
  if (local.address !== null && isAllowedHost(local.address, port, allowHosts)) return;
  throw new FetchError('BLOCKED_ADDRESS', `${url.href} names ${local.reason}, not in ALLOW_HOSTS`, {
    url: url.href,
    permanent: true,
  });
}

/** How long validation waits for DNS: a slow resolver must not hold a request; connect time checks again anyway. */
const LOOKUP_TIMEOUT_MS = 2000;

/**
 * Validation for URLs about to be stored: syntax (no control characters, raw
 * or percent-encoded: a stored URL is handed on to subscribers and logs),
 * known-local names, then every address the name resolves to. A name that
 * does not resolve right now, or not quickly, is accepted.
 */
export async function assertFetchableUrl(url: string, allowHosts: string[]): Promise<URL> {
  const parsed = parseFetchUrl(url);
  if (ENCODED_CONTROL_CHARACTER.test(url)) throw invalidUrl(url, 'percent-encoded control character in the URL');
  assertHostPermitted(parsed, allowHosts);
  const host = socketHost(parsed);
  if (isIP(host) !== 0 || neverResolves(host)) return parsed;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await withTimeout(lookup(host, { all: true, verbatim: true }), LOOKUP_TIMEOUT_MS, 'DNS lookup');
  } catch {
    return parsed;
  }
  const port = defaultPort(parsed);
  for (const { address } of addresses) {
    if (!isPermittedAddress(address, host, port, allowHosts)) throw blockedAddressError(parsed.href, address);
  }
  return parsed;
}
