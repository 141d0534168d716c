/** What the client reads out of response headers. */

export type RawHeaders = Record<string, string | string[] | undefined>;

/** Header names in lower case, repeated headers joined the way HTTP allows. */
export function flattenHeaders(raw: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date
 * (a date in the past means "now", 0). Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '' || /^[-+]?\d/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** `max-age` of a Cache-Control header, in seconds. */
export function parseMaxAge(cacheControl: string | undefined): number | null {
  if (cacheControl === undefined) return null;
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** The Content-Type header as sent, parameters included: the parse stage reads the charset from it. */
export function contentTypeOf(headers: Record<string, string>): string | null {
  const value = headers['content-type']?.trim();
  return value === undefined || value === '' ? null : value;
}

export interface LinkValue {
  url: string;
  rels: string[];
}

/** `<url>; rel="hub", <url>; rel="self"`: enough of RFC 8288 for rel lookups (commas inside <> are kept). */
export function parseLinkHeader(value: string, base: string): LinkValue[] {
  const links: LinkValue[] = [];
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const match of value.matchAll(pattern)) {
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    try {
      links.push({ url: new URL(match[1] ?? '', base).href, rels });
    } catch {
      // An unreadable link is no link.
    }
  }
  return links;
}
