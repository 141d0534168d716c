/**
 * Which hub pushes a feed, and under which topic URL (WebSub §4): the HTTP
 * `Link` header first, then the feed's own `rel="hub"`/`rel="self"` links.
 */
import { webUrl } from '../core/urls.js';
import { parseLinkHeader } from '../fetch/response-headers.js';

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
  const hub = webUrl(links.find((link) => link.rels.includes('hub'))?.url ?? feedHub);
  if (hub === null) return null;
  const topic = links.find((link) => link.rels.includes('self'))?.url ?? feedSelf ?? documentUrl;
  return { hub, topic };
}
