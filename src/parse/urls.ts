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

/**
 * `url` when it is an absolute http(s) URL, else null. An item's or a site's
 * page must be one: a `javascript:`, `data:` or `ftp:` link is no page a reader
 * can open (and the first two are an attack), so another candidate should win.
 */
export function webUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
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
