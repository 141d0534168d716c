/**
 * Link hygiene: relative URLs made absolute, click-tracking parameters
 * removed. Only the tracking parameters change; the rest of a URL is kept
 * byte for byte (order, encoding, fragment), so a canonical URL stays
 * comparable with what the site publishes.
 */

/** Parameters that identify a click or a campaign, never the resource. */
const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'mkt_tok', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking',
  'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv', 'wickedid', 'rb_clickid', 's_kwcid', 'ef_id', 'srsltid', 'epik',
]);

export function isTrackingParam(name: string): boolean {
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

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Resolves a possibly relative URL; URLs with a scheme and in-page fragments are returned as given. */
export function resolveUrl(url: string, base: string | null): string {
  const trimmed = url.trim();
  if (!trimmed || HAS_SCHEME.test(trimmed) || trimmed.startsWith('#') || !base) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

/** Absolute and without tracking parameters: what every URL we publish looks like. */
export function cleanUrl(url: string, base: string | null): string {
  const resolved = resolveUrl(url, base);
  return /^https?:/i.test(resolved) ? stripTrackingParams(resolved) : resolved;
}
