/**
 * Full text for summary-only feeds: decide from the item whether the feed
 * cut the story short, fetch the article page with the caller's (safe)
 * fetcher, and extract its main content with Readability on linkedom.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { FeedItem, FullTextMode } from '../core/model.js';
import { elementsOf, markerTokens, textOf, type Document as HtmlDocument } from './dom.js';
import type { Lexicon } from './lexicon.js';
import { matchKey } from './match.js';
import { readPageMetadata, type PageMetadata } from './page-metadata.js';
import { countWords } from './text.js';

export interface PageFetcher {
  (url: string): Promise<{ url: string; html: string }>;
}

export interface ArticlePage extends PageMetadata {
  /** The URL the page came from, after redirects: the base for its relative links. */
  url: string;
  /** Readability's main content, or null when it found none. */
  contentHtml: string | null;
}

/** Fewer words than this and a feed item is a teaser, not the story. */
export const TEASER_WORDS = 80;
/** A summary-only item (no content:encoded) shorter than this is treated as a teaser. */
export const SUMMARY_ONLY_WORDS = 150;

const EXCERPT_END = /(?:…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\])\s*$/u;

/** Why the item's own body reads like an excerpt (short, ending in "…"/"[…]", a "Read more" link); null when it does not. */
export function truncationReason(item: FeedItem, body: HtmlDocument, lexicon: Lexicon): string | null {
  const text = textOf(body).trim();
  const words = countWords(text);
  if (words < TEASER_WORDS) return `teaser: ${words} words`;
  if (item.contentHtml === null && words < SUMMARY_ONLY_WORDS) return `summary only: ${words} words`;
  if (EXCERPT_END.test(text)) return 'the body ends with an ellipsis';
  const more = elementsOf(body).some(
    (el) =>
      el.name === 'a' &&
      (lexicon.readMore.test(matchKey(textOf(el))) || markerTokens(el).includes('more-link') || /#more-\d+$/.test(el.attribs['href'] ?? '')),
  );
  return more ? 'the body links to the rest of the story' : null;
}

export function looksTruncated(item: FeedItem, body: HtmlDocument, lexicon: Lexicon): boolean {
  return truncationReason(item, body, lexicon) !== null;
}

/** Why the article page should be fetched, or null when the feed's body is the story (or fetching is off). */
export function fullTextReason(mode: FullTextMode, item: FeedItem, body: HtmlDocument, lexicon: Lexicon): string | null {
  if (mode === 'never' || !item.url) return null;
  return mode === 'always' ? 'fullText: always' : truncationReason(item, body, lexicon);
}

export function wantsFullText(mode: FullTextMode, item: FeedItem, body: HtmlDocument, lexicon: Lexicon): boolean {
  return fullTextReason(mode, item, body, lexicon) !== null;
}

/** Metadata and main content of an article page. Never throws: a page Readability cannot read has no content. */
export function extractArticle(html: string, url: string): ArticlePage {
  const { document } = parseHTML(html);
  const metadata = readPageMetadata(document, url);
  let contentHtml: string | null = null;
  try {
    // Readability rewrites the document it reads; the metadata above was taken first.
    contentHtml = new Readability(document).parse()?.content ?? null;
  } catch {
    contentHtml = null;
  }
  return { ...metadata, url, contentHtml: contentHtml && contentHtml.trim() !== '' ? contentHtml : null };
}

/** Fetches and extracts an article page; rejects when the page cannot be fetched. */
export async function fetchArticle(url: string, fetchPage: PageFetcher): Promise<ArticlePage> {
  const page = await fetchPage(url);
  return extractArticle(page.html, page.url || url);
}
