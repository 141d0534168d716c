/**
 * The post body template of a destination: `{{placeholder}}`s filled from the
 * article. `{{contentHtml}}` is the sanitized body and goes in as HTML; every
 * other value is text and is HTML-escaped (so a title or feed name cannot
 * inject markup into the post); URL values that are not http(s) are left out
 * (a `javascript:` link in a template's href would run on the site).
 */
import { escapeUTF8 } from 'entities';
import type { Article } from '../../core/model.js';

export const DEFAULT_TEMPLATE = '{{contentHtml}}';

const URL_PLACEHOLDERS = new Set(['url', 'imageUrl', 'source.feedUrl', 'source.siteUrl']);

const VALUES: Record<string, (article: Article) => string | null> = {
  contentHtml: (a) => a.contentHtml,
  contentText: (a) => a.contentText,
  summary: (a) => a.summary,
  title: (a) => a.title,
  url: (a) => a.url,
  imageUrl: (a) => a.imageUrl,
  authors: (a) => a.authors.join(', '),
  author: (a) => a.authors[0] ?? null,
  publishedAt: (a) => a.publishedAt,
  categories: (a) => a.categories.join(', '),
  id: (a) => a.id,
  'source.feedTitle': (a) => a.source.feedTitle,
  'source.feedUrl': (a) => a.source.feedUrl,
  'source.siteUrl': (a) => a.source.siteUrl,
};

export const TEMPLATE_PLACEHOLDERS = Object.keys(VALUES);

const PLACEHOLDER = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/** Placeholders a template uses that do not exist (a typo would otherwise publish literally). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(name in VALUES)) unknown.add(name);
  }
  return [...unknown];
}

function isHttpUrl(value: string): boolean {
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export function renderTemplate(template: string, article: Article): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const read = VALUES[name];
    if (!read) return whole;
    const value = read(article) ?? '';
    if (name === 'contentHtml') return value;
    if (URL_PLACEHOLDERS.has(name) && !isHttpUrl(value)) return '';
    return escapeUTF8(value);
  });
}
