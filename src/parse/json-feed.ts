import type { Enclosure, ParsedFeed } from '../core/model.js';
import { ParseError } from '../core/errors.js';
import { parseDate } from './dates.js';
import { authorName, uniqueNames } from './authors.js';
import { resolveHtmlUrls, textToHtml, htmlToText } from './html.js';
import { finalizeItems, type ItemDraft } from './items.js';
import { resolveUrl, webUrl } from './urls.js';

/** JSON Feed 1.0/1.1 (https://www.jsonfeed.org/version/1.1/), read leniently: wrong types are ignored, not fatal. */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function looksLikeJsonFeed(text: string): boolean {
  return /^\s*\{/.test(text) && /jsonfeed\.org\/version/i.test(text.slice(0, 4096));
}

function authorsOf(item: Json, feed: Json): string[] {
  const people = [...objects(item['authors']), ...(isObject(item['author']) ? [item['author']] : [])];
  const fromFeed = [...objects(feed['authors']), ...(isObject(feed['author']) ? [feed['author']] : [])];
  return uniqueNames((people.length > 0 ? people : fromFeed).map((p) => authorName(str(p['name']))));
}

function attachmentsOf(item: Json, base: string | null): Enclosure[] {
  return objects(item['attachments']).flatMap((a) => {
    const url = resolveUrl(str(a['url']), base);
    const length = typeof a['size_in_bytes'] === 'number' ? a['size_in_bytes'] : null;
    return url ? [{ url, type: str(a['mime_type']), length }] : [];
  });
}

function readItem(item: Json, feed: Json, base: string | null): ItemDraft {
  // The item's page: its url, else its external_url, whichever is an http(s) URL.
  const url = webUrl(resolveUrl(str(item['url']), base)) ?? webUrl(resolveUrl(str(item['external_url']), base));
  const itemBase = url ?? base;
  const html = str(item['content_html']);
  const text = str(item['content_text']);
  const summary = str(item['summary']);
  const enclosures = attachmentsOf(item, itemBase);
  const title = str(item['title']);
  return {
    guid: str(item['id']),
    url,
    title: title ? htmlToText(title) : null,
    authors: authorsOf(item, feed),
    publishedAt: parseDate(str(item['date_published'])),
    updatedAt: parseDate(str(item['date_modified'])),
    summaryHtml: summary ? textToHtml(summary) : null,
    contentHtml: html ? resolveHtmlUrls(html, itemBase) : text ? textToHtml(text) : null,
    baseUrl: itemBase,
    categories: Array.isArray(item['tags']) ? item['tags'].map(str).filter((t): t is string => t !== null) : [],
    imageUrl: resolveUrl(str(item['image']) ?? str(item['banner_image']), itemBase) ?? enclosures.find((e) => e.type?.startsWith('image/'))?.url ?? null,
    enclosures,
    language: str(item['language']) ?? str(feed['language']),
  };
}

export function readJsonFeed(text: string, documentUrl: string | null, maxItems?: number): ParsedFeed {
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch (err) {
    throw new ParseError('NOT_A_FEED', `The document looks like a JSON Feed but is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(feed) || !Array.isArray(feed['items'])) {
    throw new ParseError('NOT_A_FEED', 'The JSON document is not a JSON Feed: it has no "items" array.');
  }
  const base = resolveUrl(str(feed['feed_url']), documentUrl) ?? documentUrl;
  return {
    kind: 'json',
    title: str(feed['title']),
    siteUrl: resolveUrl(str(feed['home_page_url']), base),
    language: str(feed['language']),
    ttlSeconds: null,
    hubUrl: objects(feed['hubs']).map((h) => str(h['url'])).find((u) => u !== null) ?? null,
    items: finalizeItems(objects(feed['items']).map((item) => readItem(item, feed as Json, base)), maxItems),
  };
}
