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
