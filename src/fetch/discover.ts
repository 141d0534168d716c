/**
 * Finding a feed from a web page: what the page declares first, then links
 * that look like feeds, then the paths blog engines use by convention.
 */
import { Parser } from 'htmlparser2';
import { resolveUrl, webUrl } from '../core/urls.js';

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  'application/xml',
  'text/xml',
  'text/rss+xml',
  'text/atom+xml',
]);

/** Paths that name a feed: /feed, /rss, /atom (as a segment), *.rss, *.atom, *.xml, feed.json, ?feed=rss2. */
const FEED_HREF = /(?:\/(?:feed|feeds|rss|atom)(?:\/|$|\.(?:xml|json|rss|atom)$))|\.(?:rss|atom|xml)$|\/feed\.json$|[?&]feed=(?:rss2?|atom|rdf)\b/i;

/** An http(s) candidate, absolute, without the fragment (which names no other feed). */
function resolve(href: string, base: string): string | null {
  return webUrl(resolveUrl(href, base))?.replace(/#.*$/su, '') ?? null;
}

function isFeedLinkTag(attribs: Record<string, string>): boolean {
  const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
  const type = (attribs.type ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  return (rel.includes('alternate') || rel.includes('feed')) && FEED_TYPES.has(type) && Boolean(attribs.href?.trim());
}

function looksLikeFeedHref(absoluteUrl: string): boolean {
  const url = new URL(absoluteUrl);
  return FEED_HREF.test(`${url.pathname}${url.search}`);
}

/**
 * Feed URLs a page points to, absolute and deduplicated: the
 * `<link rel="alternate">` feeds in document order, then `<a>` links whose
 * address clearly names a feed.
 */
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
  let base: string | null = null;
  const declared: string[] = [];
  const anchors: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'base' && base === null && attribs.href) {
          base = resolve(attribs.href, pageUrl);
        } else if (name === 'link' && isFeedLinkTag(attribs)) {
          declared.push(attribs.href ?? '');
        } else if (name === 'a' && attribs.href) {
          anchors.push(attribs.href);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  const baseUrl: string = base ?? pageUrl;
  const found = new Set<string>();
  for (const href of declared) {
    const url = resolve(href, baseUrl);
    if (url !== null) found.add(url);
  }
  for (const href of anchors) {
    const url = resolve(href, baseUrl);
    if (url !== null && looksLikeFeedHref(url)) found.add(url);
  }
  return [...found];
}

const CONVENTIONAL_PATHS = ['feed/', 'rss.xml', 'atom.xml', 'index.xml', 'feed.xml'];

/**
 * Conventional feed locations to try when a page declares none: at the
 * site root, and first under the page's folder when the page is in one
 * (a blog installed under /blog/).
 */
export function commonFeedPaths(pageUrl: string): string[] {
  let page: URL;
  try {
    page = new URL(pageUrl);
  } catch {
    return [];
  }
  const folders = new Set<string>();
  const folder = page.pathname.replace(/[^/]*$/, '');
  if (folder !== '/') folders.add(folder);
  folders.add('/');
  const guesses = new Set<string>();
  for (const dir of folders) {
    for (const path of CONVENTIONAL_PATHS) guesses.add(new URL(`${dir}${path}`, page.origin).href);
  }
  return [...guesses];
}
