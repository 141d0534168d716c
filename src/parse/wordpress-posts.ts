/**
 * A page of WordPress REST posts (`/wp/v2/posts?_embed`) as FeedItems: the
 * full rendered content, author display names, category and tag names and the
 * featured image from the embedded objects. The guid is WordPress' own guid,
 * the same the site's RSS feed carries, so a feed that moves from RSS to the
 * REST API (or back) keeps its articles' identity.
 */
import { ParseError } from '../core/errors.js';
import type { FeedItem } from '../core/model.js';
import { parseDate } from './dates.js';
import { htmlToText } from './html.js';
import { finalizeItems, type ItemDraft } from './items.js';
import { resolveUrl, webUrl } from '../core/urls.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** `{"rendered": "…"}`, the shape of every rendered field. */
function rendered(value: unknown): string | null {
  return isObject(value) ? str(value['rendered']) : null;
}

/** WordPress writes GMT dates without a zone ("2024-05-01T10:00:00"); an unset one is "0000-00-00T00:00:00". */
function gmtDate(value: unknown): string | null {
  const text = str(value);
  if (!text || text.startsWith('0000')) return null;
  return parseDate(/(?:z|[+-]\d\d:?\d\d)$/iu.test(text) ? text : `${text}Z`);
}

function embedded(post: Json, rel: string): unknown[] {
  const all = post['_embedded'];
  if (!isObject(all)) return [];
  const list = all[rel];
  return Array.isArray(list) ? list : [];
}

/** An embedded object the reader may not see comes back as an error (`{"code": "rest_forbidden"}`). */
function embeddedObjects(list: unknown[]): Json[] {
  return list.filter((entry): entry is Json => isObject(entry) && entry['code'] === undefined);
}

function authorsOf(post: Json): string[] {
  const names = embeddedObjects(embedded(post, 'author')).map((author) => str(author['name'])?.trim() ?? null);
  return [...new Set(names.filter((name): name is string => name !== null && name !== ''))];
}

/** Category names first, then tag names, as WordPress' RSS feed lists them; other taxonomies are left out. */
function termsOf(post: Json): string[] {
  const byTaxonomy: Record<string, string[]> = { category: [], post_tag: [] };
  for (const group of embedded(post, 'wp:term')) {
    if (!Array.isArray(group)) continue;
    for (const term of embeddedObjects(group)) {
      const taxonomy = str(term['taxonomy']);
      const name = str(term['name']);
      if (taxonomy && name && byTaxonomy[taxonomy]) byTaxonomy[taxonomy].push(htmlToText(name));
    }
  }
  return [...new Set([...(byTaxonomy['category'] ?? []), ...(byTaxonomy['post_tag'] ?? [])])];
}

export interface FeaturedImage {
  url: string;
  alt: string | null;
}

export function featuredImageOf(post: Json, base: string | null): FeaturedImage | null {
  const media = embeddedObjects(embedded(post, 'wp:featuredmedia'))[0];
  if (!media) return null;
  const type = str(media['media_type']);
  if (type !== null && type !== 'image') return null;
  const url = webUrl(resolveUrl(str(media['source_url']), base));
  if (!url) return null;
  const alt = str(media['alt_text'])?.trim() ?? null;
  return { url, alt: alt || (rendered(media['title']) ? htmlToText(rendered(media['title']) ?? '') : null) };
}

function readPost(post: Json, siteUrl: string | null): ItemDraft {
  const link = webUrl(resolveUrl(str(post['link']), siteUrl));
  const base = link ?? siteUrl;
  const content = isObject(post['content']) && post['content']['protected'] !== true ? rendered(post['content']) : null;
  const excerpt = rendered(post['excerpt']);
  const title = rendered(post['title']);
  const image = featuredImageOf(post, base);
  const id = post['id'];
  const ownGuid = rendered(post['guid']) ?? (typeof id === 'number' && siteUrl ? `${siteUrl.replace(/\/+$/u, '')}/?p=${id}` : null);
  return {
    guid: ownGuid,
    url: link,
    title: title ? htmlToText(title) || null : null,
    authors: authorsOf(post),
    publishedAt: gmtDate(post['date_gmt']) ?? parseDate(str(post['date'])),
    updatedAt: gmtDate(post['modified_gmt']) ?? parseDate(str(post['modified'])),
    // Relative URLs stay relative to baseUrl: normalize resolves them in its own parse (readItemBody says why).
    summaryHtml: excerpt || null,
    contentHtml: content || null,
    baseUrl: base,
    categories: termsOf(post),
    imageUrl: image?.url ?? null,
    imageAlt: image?.alt ?? null,
    enclosures: [],
    language: null,
  };
}

/**
 * Maps a decoded `/wp/v2/posts` (or custom post type) response. Anything but
 * an array of objects is not a posts listing: a plugin page, a login form
 * served as JSON, an error object.
 */
export function readWordPressPosts(json: unknown, siteUrl: string | null, maxItems?: number): FeedItem[] {
  if (!Array.isArray(json)) {
    const code = isObject(json) ? str(json['code']) : null;
    throw new ParseError('NOT_WORDPRESS', `the WordPress posts listing is not a JSON array${code ? ` (code ${code})` : ''}`);
  }
  const posts = json.filter(isObject);
  return finalizeItems(posts.map((post) => readPost(post, siteUrl)), maxItems);
}
