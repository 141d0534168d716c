/**
 * The normalize stage: one feed item in, one clean article out. Stages run
 * in a fixed order on one parsed body: full text → boilerplate rules →
 * byline → sanitize → URLs → derive (text, summary, counts, hash).
 *
 * Two halves: `cleanItem` is pure CPU on plain data (it may run in a thread
 * of the normalize pool, src/pipeline/normalize-pool.ts); `normalizeItem`
 * calls it and, between two calls, fetches the article page on the calling
 * thread, where the guarded HTTP client and its per-host limits live.
 */
import type { ArticleProvenance, CleanArticle, Extractor, FeedItem, FullTextMode, RuleFiring } from '../core/model.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { mergeAuthors } from './authors.js';
import { edgePrints, learnedBoilerplateRule, type EdgePrint, type LearnedBoilerplate } from './boilerplate.js';
import { extractByline } from './byline.js';
import { applyFeedSelectors, applyReplacements, hasReplacements, type CompiledFeedRules } from './feed-rules/index.js';
import { attr, elementsOf, parseHtml, serializeHtml, textOf, type Document } from './dom.js';
import { fetchArticle, fullTextReason, type ArticlePage, type PageFetcher } from './fulltext.js';
import { LEXICON } from './lexicon.js';
import { applyRules } from './rules/index.js';
import { collapseBlankText, removeEmptyBlocks } from './rules/empty-blocks.js';
import { sanitizeTree } from './sanitize.js';
import { stripFeedHtml } from './site-config/apply.js';
import { SITE_STRIP_RULE } from './site-config/names.js';
import type { SiteConfigDirectory } from './site-config/directory.js';
import { contentHash, countWords, plainText, summarize } from './text.js';
import { cleanUrl, stripTrackingParams } from '../core/urls.js';
import { resolveUrlsIn } from '../core/html-urls.js';
import { resolveHtmlUrls } from '../parse/html.js';

export type { PageFetcher } from './fulltext.js';

export interface NormalizeContext {
  feed: { url: string | null; title: string | null; siteUrl: string | null; language: string | null; kind?: string | null };
  /** Rule names the feed turned off (`rules.disable`). */
  disabledRules?: readonly string[];
  /** The feed's own rules (`rules.remove`, `rules.body`, `rules.replace`), compiled. */
  feedRules?: CompiledFeedRules | null;
  /** The feed's learned boilerplate (see boilerplate.ts); absent: nothing learned yet. */
  learned?: LearnedBoilerplate;
  /** Fingerprint the body's edge blocks (provenance.edges) for the feed to learn from; off in previews. */
  learnEdges?: boolean;
  fullText: FullTextMode;
  /** Absent: never fetch. */
  fetchPage?: PageFetcher;
  /** Site configs (SITE_CONFIG_DIR) by host: the page's extraction rules, and strip rules for feed bodies of that host. */
  siteConfigs?: SiteConfigDirectory;
  /** Hosts whose iframes survive sanitizing. */
  embedHosts: string[];
  log: Logger;
  /** Runs the pure half (`cleanItem`) elsewhere, e.g. in a worker thread; absent: on this thread. */
  cleaner?: ItemCleaner;
}

/** What the pure half reads: the context without the page fetcher and without the cleaner that runs it. */
export type CleanContext = Omit<NormalizeContext, 'fetchPage' | 'cleaner'>;

/** Where full text stands when the pure half is called. */
export type PageStep =
  /** First call: `canFetch` when a page could be fetched; the call then stops early if the body reads like a teaser. */
  | { kind: 'decide'; canFetch: boolean }
  /** Second call, after the fetch: the page (null when it could not be had) and why it was wanted. */
  | { kind: 'fetched'; reason: string; page: ArticlePage | null };

/** The article, or why the page should be fetched first (then the pure half is called again with it). */
export type CleanStep = { kind: 'article'; article: CleanArticle } | { kind: 'fetch'; reason: string };

/** Runs `cleanItem` for `normalizeItem`: same input, same result, wherever it runs. */
export type ItemCleaner = (item: FeedItem, ctx: NormalizeContext, step: PageStep) => Promise<CleanStep>;

/** The cleaned, sanitized body of an item (or of its page), with the byline's names and the rules that fired. */
interface CleanBody {
  doc: Document;
  bylineNames: string[];
  rules: RuleFiring[];
  /** The feed body's edge fingerprints (after the rules and the byline, before learned boilerplate). */
  edges: EdgePrint[];
}

/** The feed's own template: what its body learns from and loses (not a fetched page's, not a summary's). */
interface FeedTemplate {
  learned: LearnedBoilerplate | undefined;
}

/** The feed's own rules for one body: compiled, and what its replacements did to the raw HTML. */
interface OwnRules {
  compiled: CompiledFeedRules | null | undefined;
  replaced: RuleFiring[];
}

/**
 * Parses a body once, after the feed's replacements ran on its raw HTML, and
 * makes its URLs absolute against `base` (a feed item's body comes from parse
 * with them still relative to the item's base; a fetched page's is resolved
 * by its extractor, and passes null).
 */
function parseBody(html: string, feedRules: CompiledFeedRules | null | undefined, disabled: ReadonlySet<string>, base: string | null): [Document, OwnRules] {
  const replaced = applyReplacements(html, feedRules, disabled);
  const doc = parseHtml(replaced.html);
  if (base) resolveUrlsIn(doc.children, base);
  return [doc, { compiled: feedRules, replaced: replaced.firings }];
}

/**
 * An item body for the steps that read its HTML as text (the feed's
 * replacements, its host's site-config strip rules): resolved and serialized
 * first, as parse used to hand every body over, so that a pattern written
 * against absolute URLs still matches. Other bodies skip this parse.
 */
function asTextSteps(html: string, base: string | null, textSteps: boolean): string {
  return textSteps && base ? resolveHtmlUrls(html, base) : html;
}

/**
 * Cleans `dirty` in place (the feed's own rules first) and sanitizes it last, in place: the one tree is
 * what gets serialized.
 */
function cleanBody(
  dirty: Document,
  baseUrl: string | null,
  embedHosts: string[],
  disabled: ReadonlySet<string>,
  template: FeedTemplate | null = null,
  own: OwnRules | null = null,
): CleanBody {
  const rules = own ? [...own.replaced, ...applyFeedSelectors(dirty, own.compiled, disabled)] : [];
  rules.push(...applyRules({ root: dirty, lexicon: LEXICON }, undefined, disabled));
  const bylineNames = extractByline(dirty, LEXICON);
  // The byline goes first: a feed with one author would otherwise learn its byline as boilerplate.
  const edges = template ? edgePrints({ root: dirty }) : [];
  if (template?.learned && !disabled.has('learned-boilerplate')) {
    rules.push(...applyRules({ root: dirty, lexicon: LEXICON }, [learnedBoilerplateRule(template.learned)]));
  }
  sanitizeTree(dirty, { embedHosts, baseUrl });
  // Sanitizing can empty a block (a <p> that only held an iframe).
  removeEmptyBlocks(dirty);
  collapseBlankText(dirty);
  return { doc: dirty, bylineNames, rules, edges };
}

/** The page's body when the feed's is a teaser and the page has more; null keeps the feed's. */
async function loadFullText(item: FeedItem, ctx: NormalizeContext, disabled: ReadonlySet<string>): Promise<ArticlePage | null> {
  if (!ctx.fetchPage || !item.url) return null;
  try {
    return await fetchArticle(item.url, ctx.fetchPage, { ...(ctx.siteConfigs ? { siteConfigs: ctx.siteConfigs } : {}), disabled, log: ctx.log });
  } catch (err) {
    ctx.log.warn({ url: item.url, guid: item.guid, err: errorMessage(err) }, 'full text unavailable; keeping the feed content');
    return null;
  }
}

/** The item's body without what its host's site config strips (the item URL's host). */
function siteStripFeedBody(item: FeedItem, ctx: CleanContext, disabled: ReadonlySet<string>): ReturnType<typeof stripFeedHtml> {
  const raw = item.contentHtml ?? item.summaryHtml ?? '';
  const config = ctx.siteConfigs && item.url && !disabled.has(SITE_STRIP_RULE) ? ctx.siteConfigs.forUrl(item.url) : null;
  const html = asTextSteps(raw, item.baseUrl, config !== null || hasReplacements(ctx.feedRules, disabled));
  return config ? stripFeedHtml(html, config, ctx.log) : { html, firing: null };
}

function firstImage(doc: Document): string | null {
  const img = elementsOf(doc).find((el) => el.name === 'img' && /^https?:\/\//i.test(attr(el, 'src')));
  return img ? attr(img, 'src') : null;
}

function summaryOf(
  item: FeedItem,
  contentText: string,
  baseUrl: string | null,
  embedHosts: string[],
  disabled: ReadonlySet<string>,
  feedRules?: CompiledFeedRules | null,
): string {
  const separate = item.contentHtml && item.summaryHtml && item.summaryHtml.trim() !== item.contentHtml.trim();
  if (separate && item.summaryHtml) {
    const summaryHtml = asTextSteps(item.summaryHtml, item.baseUrl, hasReplacements(feedRules, disabled));
    const [summaryDoc, own] = parseBody(summaryHtml, feedRules, disabled, item.baseUrl);
    const fromSummary = plainText(cleanBody(summaryDoc, baseUrl, embedHosts, disabled, null, own).doc);
    if (fromSummary) return summarize(fromSummary);
  }
  return summarize(contentText);
}

/** A title of one letter and a body of fewer words than this is a placeholder, not an article. */
const ONE_LETTER_TITLE_MAX_WORDS = 10;

/** Why the item is not an article, or null when it is one. */
export function notAnArticle(item: FeedItem, title: string | null, wordCount: number): string | null {
  const hasBody = (item.contentHtml ?? item.summaryHtml ?? '').trim() !== '';
  if (!item.url && !hasBody) return 'no URL and no body';
  const titleWords = countWords(title ?? '');
  if (wordCount === 0 && titleWords === 0) return 'no words in the title or the body';
  const letters = (title ?? '').replace(/[^\p{L}\p{N}]/gu, '');
  if (letters.length === 1 && wordCount < ONE_LETTER_TITLE_MAX_WORDS) return `a one-letter title ("${title?.trim()}") and ${wordCount} words`;
  return null;
}

/**
 * The pure half: one item cleaned from plain data. With `decide` and a page
 * that could be fetched, a body that reads like a teaser stops here with the
 * reason (nothing else is cleaned twice); with `fetched`, the page competes
 * with the feed's body.
 */
export function cleanItem(item: FeedItem, ctx: CleanContext, step: PageStep): CleanStep {
  const feedBase = item.baseUrl ?? item.url ?? ctx.feed.url;
  const disabled = new Set(ctx.disabledRules ?? []);
  const siteStrip = siteStripFeedBody(item, ctx, disabled);
  const [feedDoc, feedOwn] = parseBody(siteStrip.html, ctx.feedRules, disabled, item.baseUrl);
  let reason: string | null = null;
  let page: ArticlePage | null = null;
  if (step.kind === 'fetched') {
    reason = step.reason;
    page = step.page;
  } else if (step.canFetch) {
    reason = fullTextReason(ctx.fullText, item, feedDoc, LEXICON);
    if (reason !== null) return { kind: 'fetch', reason };
  }

  const template = ctx.learnEdges || ctx.learned ? { learned: ctx.learned } : null;
  let body = cleanBody(feedDoc, feedBase, ctx.embedHosts, disabled, template, feedOwn);
  if (siteStrip.firing) body.rules.unshift(siteStrip.firing);
  const edges = body.edges;
  let baseUrl = feedBase;
  let extractor: Extractor = ctx.feed.kind === 'wordpress' ? 'wordpress' : 'feed';
  if (page?.contentHtml) {
    const [pageDoc, pageOwn] = parseBody(page.contentHtml, ctx.feedRules, disabled, null);
    const fromPage = cleanBody(pageDoc, page.url, ctx.embedHosts, disabled, null, pageOwn);
    // The page wins only when it really has more of the story than the feed.
    if (countWords(textOf(fromPage.doc)) > countWords(textOf(body.doc))) {
      body = { ...fromPage, rules: [...page.rules, ...fromPage.rules] };
      baseUrl = page.url;
      extractor = page.extractor;
    }
  }

  const contentText = plainText(body.doc);
  const url = page?.canonicalUrl ?? item.url;
  const title = item.title ?? page?.title ?? null;
  const wordCount = countWords(contentText);
  const provenance: ArticleProvenance = {
    extractor,
    fullTextReason: reason,
    rules: body.rules,
    skipped: notAnArticle(item, title, wordCount),
    edges,
  };
  const article: CleanArticle = {
    guid: item.guid,
    url: url ? stripTrackingParams(url) : null,
    title,
    authors: mergeAuthors(body.bylineNames, item.authors, page?.authors ?? []),
    publishedAt: item.publishedAt ?? page?.publishedAt ?? null,
    updatedAt: item.updatedAt ?? page?.updatedAt ?? null,
    summary: summaryOf(item, contentText, baseUrl, ctx.embedHosts, disabled, ctx.feedRules),
    contentHtml: serializeHtml(body.doc).trim(),
    contentText,
    imageUrl: item.imageUrl ? cleanUrl(item.imageUrl, baseUrl) : (firstImage(body.doc) ?? page?.imageUrl ?? null),
    ...(item.imageUrl && item.imageAlt ? { imageAlt: item.imageAlt } : {}),
    categories: [...new Set(item.categories.map((c) => c.trim()).filter((c) => c !== ''))],
    enclosures: item.enclosures.map((e) => ({ url: e.url, type: e.type, length: e.length, medium: e.medium ?? null, title: e.title ?? null })),
    language: item.language ?? ctx.feed.language ?? page?.language ?? null,
    wordCount,
    contentHash: contentHash(contentText),
    provenance,
  };
  return { kind: 'article', article };
}

const cleanHere: ItemCleaner = (item, ctx, step) => Promise.resolve(cleanItem(item, ctx, step));

/** One item in, one clean article out: the pure half, with the article page fetched here when it asks for it. */
export async function normalizeItem(item: FeedItem, ctx: NormalizeContext): Promise<CleanArticle> {
  const clean = ctx.cleaner ?? cleanHere;
  const first = await clean(item, ctx, { kind: 'decide', canFetch: ctx.fetchPage !== undefined });
  if (first.kind === 'article') return first.article;
  const page = await loadFullText(item, ctx, new Set(ctx.disabledRules ?? []));
  const second = await clean(item, ctx, { kind: 'fetched', reason: first.reason, page });
  if (second.kind === 'article') return second.article;
  throw new Error(`normalize asked for the page of ${item.url ?? item.guid} again after it was fetched`);
}
