import { parseJsonFeed, type JsonFeed } from 'feedsmith';
import type { Enclosure, ParsedFeed } from '../core/model.js';
import { ParseError } from '../core/errors.js';
import { parseDate } from './dates.js';
import { authorName, uniqueNames } from './authors.js';
import { textToHtml, htmlToText } from './html.js';
import { finalizeItems, type ItemDraft } from './items.js';
import { resolveUrl, webUrl } from '../core/urls.js';

/**
 * JSON Feed 1.0/1.1 (https://www.jsonfeed.org/version/1.1/). feedsmith reads
 * the document leniently (numbers where strings belong become strings, 1.0's
 * `author` becomes `authors`, entries that are not objects are dropped); this
 * module maps its result to FeedItems, resolving URLs and HTML as the XML
 * formats do.
 */

type Feed = JsonFeed.Feed<string>;
type Item = JsonFeed.Item<string>;

/** Trimmed, or null when empty. */
function str(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function looksLikeJsonFeed(text: string): boolean {
  return /^\s*\{/.test(text) && /jsonfeed\.org\/version/i.test(text.slice(0, 4096));
}

function authorsOf(item: Item, feed: Feed): string[] {
  const people = item.authors?.length ? item.authors : (feed.authors ?? []);
  return uniqueNames(people.map((p) => authorName(str(p.name))));
}

function attachmentsOf(item: Item, base: string | null): Enclosure[] {
  return (item.attachments ?? []).flatMap((a) => {
    const url = resolveUrl(str(a.url), base);
    const type = str(a.mime_type);
    const top = type?.split('/')[0]?.toLowerCase() ?? null;
    const medium = top && ['image', 'audio', 'video'].includes(top) ? top : null;
    return url ? [{ url, type, length: a.size_in_bytes ?? null, medium, title: str(a.title) }] : [];
  });
}

function readItem(item: Item, feed: Feed, base: string | null): ItemDraft {
  // The item's page: its url, else its external_url, whichever is an http(s) URL.
  const url = webUrl(resolveUrl(str(item.url), base)) ?? webUrl(resolveUrl(str(item.external_url), base));
  const itemBase = url ?? base;
  const html = str(item.content_html);
  const text = str(item.content_text);
  const summary = str(item.summary);
  const enclosures = attachmentsOf(item, itemBase);
  const title = str(item.title);
  return {
    guid: str(item.id),
    url,
    title: title ? htmlToText(title) : null,
    authors: authorsOf(item, feed),
    publishedAt: parseDate(str(item.date_published)),
    updatedAt: parseDate(str(item.date_modified)),
    summaryHtml: summary ? textToHtml(summary) : null,
    // Relative URLs stay relative to baseUrl: normalize resolves them in its own parse (readItemBody says why).
    contentHtml: html || (text ? textToHtml(text) : null),
    baseUrl: itemBase,
    categories: (item.tags ?? []).map((tag) => str(tag)).filter((tag): tag is string => tag !== null),
    imageUrl: resolveUrl(str(item.image) ?? str(item.banner_image), itemBase) ?? enclosures.find((e) => e.type?.startsWith('image/'))?.url ?? null,
    enclosures,
    language: str(item.language) ?? str(feed.language),
  };
}

/**
 * Feeds in the wild write the version as the spec's URL (http or https, 1 or
 * 1.1), as a bare "1.1", or not at all. feedsmith only knows the URLs, and the
 * two versions read the same way here (1.0's `author` and 1.1's `authors`
 * are both read), so anything else is read as 1.1.
 */
function withKnownVersion(json: Record<string, unknown>): Record<string, unknown> {
  const version = typeof json['version'] === 'string' ? json['version'] : '';
  if (/^https?:\/\/(www\.)?jsonfeed\.org\/version\/1(\.1)?\/?$/i.test(version.trim())) return json;
  return { ...json, version: 'https://jsonfeed.org/version/1.1' };
}

export function readJsonFeed(text: string, documentUrl: string | null, maxItems?: number): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ParseError('NOT_A_FEED', `The document looks like a JSON Feed but is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { items?: unknown }).items)) {
    throw new ParseError('NOT_A_FEED', 'The JSON document is not a JSON Feed: it has no "items" array.');
  }
  const items = (json as { items: unknown[] }).items;
  let feed: Feed;
  try {
    feed = parseJsonFeed(withKnownVersion(json as Record<string, unknown>));
  } catch (err) {
    // feedsmith refuses a feed with no readable item. With an empty "items" array that is a feed with
    // nothing in it yet; with items it could not read, it is a broken feed and must say so.
    if (items.length > 0) {
      throw new ParseError('NOT_A_FEED', `The JSON Feed has ${items.length} item(s) but none can be read: ${(err as Error).message}`, { cause: err });
    }
    const { title, home_page_url: homePageUrl } = json as { title?: unknown; home_page_url?: unknown };
    feed = {
      items: [],
      ...(typeof title === 'string' ? { title } : {}),
      ...(typeof homePageUrl === 'string' ? { home_page_url: homePageUrl } : {}),
    };
  }
  if (items.length > 0 && (feed.items ?? []).length === 0) {
    throw new ParseError('NOT_A_FEED', `The JSON Feed has ${items.length} item(s) and none is a readable item object.`);
  }
  const base = resolveUrl(str(feed.feed_url), documentUrl) ?? documentUrl;
  return {
    kind: 'json',
    title: str(feed.title),
    siteUrl: resolveUrl(str(feed.home_page_url), base),
    language: str(feed.language),
    ttlSeconds: null,
    hubUrl: (feed.hubs ?? []).map((h) => str(h.url)).find((u) => u !== null) ?? null,
    selfUrl: webUrl(resolveUrl(str(feed.feed_url), documentUrl)),
    items: finalizeItems((feed.items ?? []).map((item) => readItem(item, feed, base)), maxItems),
  };
}
