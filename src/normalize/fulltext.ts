/**
 * Full text for summary-only feeds: decide from the item whether the feed
 * cut the story short, fetch the article page with the caller's (safe)
 * fetcher, and extract its main content: by the site config of the page's
 * host when there is one (site-config/), else with Readability on linkedom.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { FeedItem, FullTextMode, RuleFiring } from '../core/model.js';
import { elementsOf, markerTokens, textOf, type Document as HtmlDocument } from './dom.js';
import type { Lexicon } from './lexicon.js';
import { matchKey } from './match.js';
import { readPageMetadata, type PageMetadata } from './page-metadata.js';
import {
  applyReplacements,
  bodyBySiteConfig,
  metadataBySiteConfig,
  linkBySiteConfig,
  mergeFirings,
  parseForXPath,
  stripBySiteConfig,
} from './site-config/apply.js';
import type { SiteConfigDirectory } from './site-config/directory.js';
import { SITE_STRIP_RULE } from './site-config/names.js';
import type { SiteConfig } from './site-config/parse.js';
import { countWords } from './text.js';

export interface PageFetcher {
  (url: string): Promise<{ url: string; html: string }>;
}

export interface ArticlePage extends PageMetadata {
  /** The URL the page came from, after redirects: the base for its relative links. */
  url: string;
  /** The main content (a site config's `body:`, else Readability's), or null when none was found. */
  contentHtml: string | null;
  /** `site-rule` when a site config's `body:` found the content, `fulltext` when Readability did. */
  extractor: 'fulltext' | 'site-rule';
  /** What the site config's strip rules removed from the page. */
  rules: RuleFiring[];
}

export interface FetchArticleOptions {
  /** Site configs by host; absent: Readability alone. */
  siteConfigs?: SiteConfigDirectory;
  /** Rule names the feed turned off (`site-config:strip` among them). */
  disabled?: ReadonlySet<string>;
  log: Logger;
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

/** Readability's main content of `document` (which it rewrites), or null. Never throws. */
function readabilityContent(document: Document): string | null {
  try {
    const content = new Readability(document).parse()?.content ?? null;
    return content && content.trim() !== '' ? content : null;
  } catch {
    return null;
  }
}

/** Metadata and main content of an article page. Never throws: a page Readability cannot read has no content. */
export function extractArticle(html: string, url: string): ArticlePage {
  const { document } = parseHTML(html);
  // Readability rewrites the document it reads: the metadata is taken first.
  const metadata = readPageMetadata(document, url);
  return { ...metadata, url, contentHtml: readabilityContent(document), extractor: 'fulltext', rules: [] };
}

/** Most further pages of one story followed by `next_page_link`. */
const MAX_NEXT_PAGES = 5;

/** One page read by a config: its next-page link (found before strip rules can remove the pager), what was stripped, the body. */
function readPart(doc: Document, pageUrl: string, config: SiteConfig, seen: ReadonlySet<string>, options: FetchArticleOptions) {
  const next = linkBySiteConfig(config.nextPageLink, doc, config, pageUrl, seen, options.log);
  const stripped = options.disabled?.has(SITE_STRIP_RULE) ? null : stripBySiteConfig(doc, config, options.log);
  return { next, stripped, body: bodyBySiteConfig(doc, config, options.log) };
}

/**
 * Extraction by a site config: replacements on the raw HTML, the single-page
 * version when the config links one (fetched through the same guarded
 * fetcher; the first page is kept when that fails), metadata, strip rules,
 * then the first `body:` that matches, with the bodies of up to
 * MAX_NEXT_PAGES further pages when the story is split and has no
 * single-page version; Readability when no `body:` matches and the config
 * allows it (`autodetect_on_failure`).
 */
async function extractWithSiteConfig(
  html: string,
  url: string,
  config: SiteConfig,
  fetchPage: PageFetcher,
  options: FetchArticleOptions,
): Promise<ArticlePage> {
  const { log } = options;
  const first = parseForXPath(applyReplacements(html, config));
  const metadata = readPageMetadata(first, url);
  let doc = first;
  let docUrl = url;
  const seen = new Set([url]);
  const single = linkBySiteConfig(config.singlePageLink, first, config, url, seen, log);
  if (single !== null) {
    try {
      const page = await fetchPage(single);
      docUrl = page.url || single;
      doc = parseForXPath(applyReplacements(page.html, config));
    } catch (err) {
      log.warn({ url, singlePageUrl: single, siteConfig: config.source, err: errorMessage(err) }, 'single-page version unavailable; using the page itself');
    }
  }
  seen.add(docUrl);
  const site = metadataBySiteConfig(doc, config, log);
  const part = readPart(doc, docUrl, config, seen, options);
  const firings = [part.stripped];
  const bodies = part.body === null ? [] : [part.body];
  // A single-page version is the whole story: its own next links would lead back into the paged one.
  let next = single === null && part.body !== null ? part.next : null;
  for (let pages = 0; next !== null && pages < MAX_NEXT_PAGES; pages++) {
    seen.add(next);
    let page: { url: string; html: string };
    try {
      page = await fetchPage(next);
    } catch (err) {
      log.warn({ url, nextPageUrl: next, siteConfig: config.source, err: errorMessage(err) }, 'next page unavailable; the story ends at the pages read');
      break;
    }
    seen.add(page.url || next);
    const more = readPart(parseForXPath(applyReplacements(page.html, config)), page.url || next, config, seen, options);
    if (more.body === null) break;
    bodies.push(more.body);
    firings.push(more.stripped);
    next = more.next;
  }
  let contentHtml: string | null = bodies.length > 0 ? bodies.join('\n') : null;
  let extractor: ArticlePage['extractor'] = 'site-rule';
  if (contentHtml === null) {
    extractor = 'fulltext';
    contentHtml = config.autodetectOnFailure ? readabilityContent(doc) : null;
  }
  return {
    ...metadata,
    title: site.title ?? metadata.title,
    authors: site.authors.length > 0 ? site.authors : metadata.authors,
    publishedAt: site.publishedAt ?? metadata.publishedAt,
    url: docUrl,
    contentHtml,
    extractor,
    rules: mergeFirings(firings),
  };
}

/** Fetches and extracts an article page; rejects when the page cannot be fetched. */
export async function fetchArticle(url: string, fetchPage: PageFetcher, options?: FetchArticleOptions): Promise<ArticlePage> {
  const page = await fetchPage(url);
  const pageUrl = page.url || url;
  const config = options?.siteConfigs?.forUrl(pageUrl) ?? null;
  if (!config || !options) return extractArticle(page.html, pageUrl);
  return extractWithSiteConfig(page.html, pageUrl, config, fetchPage, options);
}
