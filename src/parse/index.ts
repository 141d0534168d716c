import type { FetchedDocument, ParsedFeed } from '../core/model.js';
import { ParseError } from '../core/errors.js';
import { decodeFeedBytes } from './decode.js';
import { child, childElements, parseXml, XmlIssues, type XmlElement } from './xml-tree.js';
import { readRss } from './rss.js';
import { readAtom } from './atom.js';
import { looksLikeJsonFeed, readJsonFeed } from './json-feed.js';
import { resolveUrl, webUrl } from '../core/urls.js';

export { decodeFeedBytes } from './decode.js';
export { parseDate } from './dates.js';
export { assertUsableFeed } from './usable.js';

export interface ParseOptions {
  /** Document URL, the base for relative links. */
  url: string | null;
  /** The Content-Location header, which overrides the document URL as base. */
  contentLocation?: string | null;
  /** Keep only the first N items. */
  maxItems?: number;
}

type FeedFormat = 'rss' | 'atom';

const RSS_ROOTS = new Set(['rss', 'rdf:rdf', 'channel']);
const ATOM_ROOTS = new Set(['feed', 'atom:feed']);
/** How deep to look for a feed wrapped in some other element (SOAP envelopes, odd exports). */
const MAX_WRAPPER_DEPTH = 3;

function formatOf(el: XmlElement): FeedFormat | null {
  if (RSS_ROOTS.has(el.key) || el.local === 'rss') return 'rss';
  if (ATOM_ROOTS.has(el.key)) return 'atom';
  return null;
}

function findFeedRoot(el: XmlElement, depth: number, maxDepth = MAX_WRAPPER_DEPTH): { root: XmlElement; format: FeedFormat } | null {
  const format = formatOf(el);
  if (format) return { root: el, format };
  if (depth >= maxDepth) return null;
  for (const c of childElements(el)) {
    const found = findFeedRoot(c, depth + 1, maxDepth);
    if (found) return found;
  }
  return null;
}

/** How deep in a page's markup an embedded feed is looked for (html > body > a few wrappers). */
const MAX_EMBEDDED_DEPTH = 12;

/**
 * A feed inside an XHTML or HTML page (an Atom <feed> in the <body>, an <rss>
 * pasted into a page): read it rather than call the page "not a feed". Only
 * an Atom-namespaced feed or an <rss>/<rdf:RDF> with a <channel> counts, so
 * that a page's own <feed>-named widget is not mistaken for one.
 */
export function parseEmbeddedFeed(text: string, options: ParseOptions): ParsedFeed | null {
  if (!/<([\w.-]+:)?(feed|rss|rdf)[\s>]/i.test(text)) return null;
  const tree = parseXml(text, webBase(options.url, options.contentLocation));
  const found = tree ? findFeedRoot(tree, 0, MAX_EMBEDDED_DEPTH) : null;
  if (!found || found.root === tree) return null;
  const { root, format } = found;
  if (format === 'atom' ? root.key !== 'atom:feed' : !child(root, 'channel') && root.key !== 'channel') return null;
  return format === 'atom' ? readAtom(root, options.maxItems) : readRss(root, options.maxItems);
}

/** Skips what may precede the first element: BOM, whitespace, XML declaration, comments, PIs, doctype. */
function firstMarkup(text: string): string {
  let rest = text.replace(/^\uFEFF/, '');
  for (;;) {
    const trimmed = rest.replace(/^\s+/, '');
    const skip = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->)/.exec(trimmed);
    if (!skip) return trimmed;
    rest = trimmed.slice(skip[0].length);
  }
}

/** True when the document is an HTML page (where feed discovery should look for <link rel="alternate">), not a feed. */
export function looksLikeHtmlPage(text: string): boolean {
  const start = firstMarkup(text.slice(0, 65536));
  if (/^<!doctype\s+html\b/i.test(start) || /^<html[\s>]/i.test(start)) return true;
  if (/^<([\w.-]+:)?(rss|feed|rdf|channel)\b/i.test(start) || /^\{/.test(start)) return false;
  // No recognisable start: call it a page if it has a page's head or body and no feed elements.
  return /<(head|body)[\s>]/i.test(start) && !/<([\w.-]+:)?(rss|feed|rdf|channel)[\s>]/i.test(start);
}

/** Only http(s) URLs are useful as a base: a local file path must not turn relative links into file: URLs. */
function webBase(url: string | null | undefined, contentLocation: string | null | undefined): string | null {
  const documentUrl = resolveUrl(webUrl(url), null);
  const location = contentLocation ? resolveUrl(contentLocation, documentUrl) : null;
  return webUrl(location) ?? documentUrl;
}

function describe(text: string): string {
  const start = firstMarkup(text).slice(0, 40).replace(/\s+/g, ' ');
  return start ? `it starts with "${start}"` : 'it is empty';
}

/** Reads RSS 0.9x/1.0/2.0, RDF, Atom 0.3/1.0 or JSON Feed text into one shape. */
export function parseFeed(text: string, options: ParseOptions): ParsedFeed {
  const base = webBase(options.url, options.contentLocation);
  const where = options.url ? ` (${options.url})` : '';
  if (looksLikeJsonFeed(text) || /^\s*\{/.test(firstMarkup(text))) return readJsonFeed(text, base, options.maxItems);
  if (looksLikeHtmlPage(text)) {
    const embedded = parseEmbeddedFeed(text, options);
    if (embedded) return embedded;
    throw new ParseError(
      'NOT_A_FEED',
      `The document${where} is an HTML page, not a feed. Use the feed's own URL (pages name it in <link rel="alternate" type="application/rss+xml">).`,
    );
  }
  const issues = new XmlIssues();
  const tree = parseXml(text, base, issues);
  const found = tree ? findFeedRoot(tree, 0) : null;
  if (!found) {
    throw new ParseError(
      text.trim() === '' ? 'EMPTY_DOCUMENT' : 'NOT_A_FEED',
      `The document${where} is not an RSS, Atom, RDF or JSON feed: ${tree ? `its root element is <${tree.name}>` : describe(text)}.`,
    );
  }
  const feed = found.format === 'atom' ? readAtom(found.root, options.maxItems) : readRss(found.root, options.maxItems);
  const problems = issues.summary();
  return problems ? { ...feed, warning: `The XML is not well-formed (${problems}); it was read leniently.` } : feed;
}

/** Decodes a fetched body (BOM, HTTP charset, XML declaration) and parses it, with Content-Location as base. */
export function parseFeedDocument(
  doc: Pick<FetchedDocument, 'body' | 'contentType' | 'url' | 'headers'>,
  options: { maxItems?: number } = {},
): ParsedFeed {
  const text = decodeFeedBytes(doc.body, doc.contentType);
  const parseOptions: ParseOptions = { url: doc.url, contentLocation: doc.headers['content-location'] ?? null };
  if (options.maxItems !== undefined) parseOptions.maxItems = options.maxItems;
  return parseFeed(text, parseOptions);
}
