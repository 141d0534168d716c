/**
 * What an article page says about itself, read from JSON-LD and meta tags:
 * canonical URL, authors, dates, main image, title and language. Used to
 * fill what the feed left out.
 */
import { resolveRelativeUrl, webUrl } from '../core/urls.js';

export interface PageMetadata {
  canonicalUrl: string | null;
  authors: string[];
  publishedAt: string | null;
  updatedAt: string | null;
  imageUrl: string | null;
  title: string | null;
  language: string | null;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARTICLE_TYPE = /Article|BlogPosting|Posting|Report|Review/i;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function jsonLdObjects(doc: Document): JsonObject[] {
  const out: JsonObject[] = [];
  const collect = (value: Json): void => {
    for (const item of asArray(value)) {
      if (!isObject(item)) continue;
      out.push(item);
      if (item['@graph'] !== undefined) collect(item['@graph']);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      collect(JSON.parse(script.textContent ?? '') as Json);
    } catch {
      // A page's broken JSON-LD is the page's problem; meta tags may still answer.
    }
  }
  return out;
}

function typeOf(obj: JsonObject): string {
  return asArray(obj['@type']).filter((t): t is string => typeof t === 'string').join(' ');
}

function text(value: Json | undefined): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (isObject(value)) return text(value['name']) ?? text(value['url']) ?? text(value['@id']);
  return null;
}

function urlOf(value: Json | undefined): string | null {
  for (const item of asArray(value)) {
    if (typeof item === 'string' && item.trim()) return item.trim();
    if (isObject(item)) {
      const url = text(item['url']) ?? text(item['contentUrl']) ?? text(item['@id']);
      if (url) return url;
    }
  }
  return null;
}

function names(value: Json | undefined): string[] {
  return asArray(value)
    .map((v) => (isObject(v) ? text(v['name']) : typeof v === 'string' ? v.trim() : null))
    .filter((v): v is string => v !== null && v !== '');
}

export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** meta tags by lower-case name/property/itemprop; the first one wins. */
function metaTags(doc: Document): Map<string, string> {
  const tags = new Map<string, string>();
  for (const meta of Array.from(doc.querySelectorAll('meta'))) {
    const content = meta.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = meta.getAttribute(attr)?.trim().toLowerCase();
      if (key && !tags.has(key)) tags.set(key, content);
    }
  }
  return tags;
}

function first(tags: Map<string, string>, keys: string[]): string | null {
  for (const key of keys) {
    const value = tags.get(key);
    if (value) return value;
  }
  return null;
}

function absolute(url: string | null, pageUrl: string): string | null {
  if (!url) return null;
  return webUrl(resolveRelativeUrl(url, pageUrl));
}

export function readPageMetadata(doc: Document, pageUrl: string): PageMetadata {
  const objects = jsonLdObjects(doc);
  const article = objects.find((o) => ARTICLE_TYPE.test(typeOf(o))) ?? objects.find((o) => o['headline'] !== undefined) ?? {};
  const tags = metaTags(doc);
  const canonicalLink = doc.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? null;
  const metaAuthors = first(tags, ['author', 'parsely-author', 'sailthru.author', 'dc.creator', 'article:author']);
  const jsonAuthors = names(article['author'] ?? article['creator']);
  return {
    canonicalUrl: absolute(
      canonicalLink ?? first(tags, ['og:url']) ?? text(article['url']) ?? urlOf(article['mainEntityOfPage']),
      pageUrl,
    ),
    authors: jsonAuthors.length > 0 ? jsonAuthors : metaAuthors && !/^https?:/i.test(metaAuthors) ? [metaAuthors] : [],
    publishedAt: isoDate(text(article['datePublished']) ?? first(tags, ['article:published_time', 'datepublished', 'pubdate', 'date', 'dc.date'])),
    updatedAt: isoDate(text(article['dateModified']) ?? first(tags, ['article:modified_time', 'datemodified', 'og:updated_time'])),
    imageUrl: absolute(first(tags, ['og:image', 'og:image:url', 'twitter:image', 'twitter:image:src']) ?? urlOf(article['image']), pageUrl),
    title: first(tags, ['og:title']) ?? text(article['headline']) ?? (doc.querySelector('title')?.textContent?.trim() || null),
    language: doc.documentElement?.getAttribute('lang')?.trim() || first(tags, ['og:locale', 'language', 'content-language']),
  };
}
