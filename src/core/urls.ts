/**
 * Every URL rule in one place: resolving against a base, telling web pages
 * from other links, the canonical spelling of a feed URL, and removing
 * click-tracking parameters.
 *
 * Two ways to resolve, for two stages that need different things:
 * - parse reads links that identify things (an item's page, a feed's self
 *   link, an enclosure): `resolveUrl` gives a WHATWG-normalized absolute URL
 *   or null, so a candidate that is no URL loses to the next one.
 * - normalize rewrites links in an article as the site published them:
 *   `resolveRelativeUrl` only resolves relative references and keeps the rest
 *   byte for byte, so a canonical URL stays comparable with the site's.
 */

/** `url` made absolute against `base`; null when it cannot be (no base, or not a URL at all). */
export function resolveUrl(url: string | null | undefined, base: string | null | undefined): string | null {
  if (url === null || url === undefined) return null;
  const trimmed = url.trim();
  if (!trimmed) return base ?? null;
  try {
    return base ? new URL(trimmed, base).href : new URL(trimmed).href;
  } catch {
    return null;
  }
}

/** Like resolveUrl, but keeps the value as given when it cannot be resolved (an opaque id, a relative link with no base). */
export function absoluteOrAsIs(url: string, base: string | null | undefined): string {
  return resolveUrl(url, base) ?? url.trim();
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * A relative reference resolved against `base`; a URL with a scheme, an
 * in-page fragment, or one that cannot be resolved is returned as given
 * (trimmed), unlike resolveUrl, which rewrites every URL it reads.
 */
export function resolveRelativeUrl(url: string, base: string | null): string {
  const trimmed = url.trim();
  if (!trimmed || HAS_SCHEME.test(trimmed) || trimmed.startsWith('#') || !base) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

/**
 * `url` when it is an absolute http(s) URL, else null. An item's or a site's
 * page must be one: a `javascript:`, `data:` or `ftp:` link is no page a reader
 * can open (and the first two are an attack), so another candidate should win.
 */
export function webUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/**
 * The canonical spelling of a feed URL, for the "already registered" check:
 * lower-case scheme and host, no default port, no fragment, an empty path as "/".
 * Query strings stay: many feeds are `?feed=rss2` or `?format=atom`.
 */
export function canonicalFeedUrl(url: string): string {
  const parsed = new URL(url.trim());
  parsed.hash = '';
  if (parsed.pathname === '') parsed.pathname = '/';
  return parsed.href;
}

/**
 * Hosts that re-serve a publisher's feed and turn every link into a click
 * counter redirecting to the original (FeedBurner, FeedBlitz, Feedsportal).
 */
const FEED_PROXY_HOSTS = /(^|\.)(feedproxy\.google\.com|feeds\.feedburner\.com|feedburner\.google\.com|feeds\.feedblitz\.com|feedsportal\.com)$/i;

/** True for a feed proxy's redirecting link: a known proxy host, or FeedBurner's `/~r/` path on any host. */
export function isFeedProxyUrl(url: string): boolean {
  try {
    const { hostname, pathname } = new URL(url);
    return FEED_PROXY_HOSTS.test(hostname) || /^\/~r\//.test(pathname);
  } catch {
    return false;
  }
}

/** Parameters that identify a click or a campaign, never the resource. */
const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'mkt_tok', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking',
  'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv', 'wickedid', 'rb_clickid', 's_kwcid', 'ef_id', 'srsltid', 'epik',
]);

function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith('utm_') || TRACKING_PARAMS.has(key);
}

function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  // Most names are plain words: nothing to decode.
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * `url` without its tracking parameters. Only those change; the rest is kept
 * byte for byte (order, encoding, fragment), not re-serialized by the URL parser.
 */
export function stripTrackingParams(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const queryAt = beforeHash.indexOf('?');
  if (queryAt < 0) return url;
  const pairs = beforeHash.slice(queryAt + 1).split('&');
  const kept = pairs.filter((pair) => !isTrackingParam(paramName(pair)));
  if (kept.length === pairs.length) return url;
  const query = kept.filter((pair) => pair !== '').join('&');
  return beforeHash.slice(0, queryAt) + (query ? `?${query}` : '') + hash;
}

/** Absolute and without tracking parameters: what every URL we publish looks like. */
export function cleanUrl(url: string, base: string | null): string {
  const resolved = resolveRelativeUrl(url, base);
  return /^https?:/i.test(resolved) ? stripTrackingParams(resolved) : resolved;
}
