/**
 * The normalize stage: one feed item in, one clean article out. Stages run
 * in a fixed order on one parsed body: full text → boilerplate rules →
 * byline → sanitize → URLs → derive (text, summary, counts, hash).
 */
import type { CleanArticle, FeedItem, FullTextMode } from '../core/model.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { mergeAuthors } from './authors.js';
import { extractByline } from './byline.js';
import { attr, elementsOf, parseHtml, serializeHtml, textOf, type Document } from './dom.js';
import { fetchArticle, wantsFullText, type ArticlePage, type PageFetcher } from './fulltext.js';
import { LEXICON } from './lexicon.js';
import { applyRules } from './rules/index.js';
import { collapseBlankText, removeEmptyBlocks } from './rules/empty-blocks.js';
import { sanitizeHtml } from './sanitize.js';
import { contentHash, countWords, plainText, summarize } from './text.js';
import { cleanUrl, cleanUrlsIn, stripTrackingParams } from './urls.js';

export type { PageFetcher } from './fulltext.js';
export { stripTrackingParams } from './urls.js';

export interface NormalizeContext {
  feed: { url: string | null; title: string | null; siteUrl: string | null; language: string | null };
  fullText: FullTextMode;
  /** Absent: never fetch. */
  fetchPage?: PageFetcher;
  /** Hosts whose iframes survive sanitizing. */
  embedHosts: string[];
  log: Logger;
}

/** The cleaned, sanitized body of an item (or of its page), with the byline's names. */
interface CleanBody {
  doc: Document;
  bylineNames: string[];
}

/** Cleans `dirty` in place, then sanitizes it into a new document. */
function cleanBody(dirty: Document, baseUrl: string | null, embedHosts: string[]): CleanBody {
  applyRules({ root: dirty, lexicon: LEXICON });
  const bylineNames = extractByline(dirty, LEXICON);
  const doc = parseHtml(sanitizeHtml(serializeHtml(dirty), { embedHosts }));
  cleanUrlsIn(doc, baseUrl);
  // Sanitizing can empty a block (a <p> that only held an iframe).
  removeEmptyBlocks(doc);
  collapseBlankText(doc);
  return { doc, bylineNames };
}

/** The page's body when the feed's is a teaser and the page has more; null keeps the feed's. */
async function loadFullText(item: FeedItem, body: Document, ctx: NormalizeContext): Promise<ArticlePage | null> {
  if (!ctx.fetchPage || !item.url || !wantsFullText(ctx.fullText, item, body, LEXICON)) return null;
  try {
    return await fetchArticle(item.url, ctx.fetchPage);
  } catch (err) {
    ctx.log.warn({ url: item.url, guid: item.guid, err: errorMessage(err) }, 'full text unavailable; keeping the feed content');
    return null;
  }
}

function firstImage(doc: Document): string | null {
  const img = elementsOf(doc).find((el) => el.name === 'img' && /^https?:\/\//i.test(attr(el, 'src')));
  return img ? attr(img, 'src') : null;
}

function summaryOf(item: FeedItem, contentText: string, baseUrl: string | null, embedHosts: string[]): string {
  const separate = item.contentHtml && item.summaryHtml && item.summaryHtml.trim() !== item.contentHtml.trim();
  if (separate && item.summaryHtml) {
    const fromSummary = plainText(cleanBody(parseHtml(item.summaryHtml), baseUrl, embedHosts).doc);
    if (fromSummary) return summarize(fromSummary);
  }
  return summarize(contentText);
}

export async function normalizeItem(item: FeedItem, ctx: NormalizeContext): Promise<CleanArticle> {
  const feedHtml = item.contentHtml ?? item.summaryHtml ?? '';
  const feedBase = item.baseUrl ?? item.url ?? ctx.feed.url;
  const feedDoc = parseHtml(feedHtml);
  const page = await loadFullText(item, feedDoc, ctx);

  let body = cleanBody(feedDoc, feedBase, ctx.embedHosts);
  let baseUrl = feedBase;
  if (page?.contentHtml) {
    const fromPage = cleanBody(parseHtml(page.contentHtml), page.url, ctx.embedHosts);
    // The page wins only when it really has more of the story than the feed.
    if (countWords(textOf(fromPage.doc)) > countWords(textOf(body.doc))) {
      body = fromPage;
      baseUrl = page.url;
    }
  }

  const contentText = plainText(body.doc);
  const url = page?.canonicalUrl ?? item.url;
  return {
    guid: item.guid,
    url: url ? stripTrackingParams(url) : null,
    title: item.title ?? page?.title ?? null,
    authors: mergeAuthors(body.bylineNames, item.authors, page?.authors ?? []),
    publishedAt: item.publishedAt ?? page?.publishedAt ?? null,
    updatedAt: item.updatedAt ?? page?.updatedAt ?? null,
    summary: summaryOf(item, contentText, baseUrl, ctx.embedHosts),
    contentHtml: serializeHtml(body.doc).trim(),
    contentText,
    imageUrl: item.imageUrl ? cleanUrl(item.imageUrl, baseUrl) : (firstImage(body.doc) ?? page?.imageUrl ?? null),
    categories: [...new Set(item.categories.map((c) => c.trim()).filter((c) => c !== ''))],
    language: item.language ?? ctx.feed.language ?? page?.language ?? null,
    wordCount: countWords(contentText),
    contentHash: contentHash(contentText),
  };
}
