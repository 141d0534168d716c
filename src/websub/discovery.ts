/**
 * Which hub pushes a feed, and under which topic URL (WebSub §4): the HTTP
 * `Link` header first, then the feed's own `rel="hub"`/`rel="self"` links.
 */

interface LinkValue {
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

export interface HubDiscovery {
  hub: string;
  topic: string;
}

/** Null when the feed names no hub. The topic defaults to the URL the feed was read from. */
export function discoverHub(
  headers: Record<string, string>,
  documentUrl: string,
  feedHub: string | null,
  feedSelf: string | null = null,
): HubDiscovery | null {
  const links = headers.link === undefined ? [] : parseLinkHeader(headers.link, documentUrl);
  const hub = links.find((link) => link.rels.includes('hub'))?.url ?? feedHub;
  if (hub === null || !/^https?:\/\//i.test(hub)) return null;
  const topic = links.find((link) => link.rels.includes('self'))?.url ?? feedSelf ?? documentUrl;
  return { hub, topic };
}
