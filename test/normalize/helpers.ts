import type { CleanArticle, FeedItem } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/logger.js';
import { normalizeItem, type NormalizeContext } from '../../src/normalize/index.js';
import { parseHtml, serializeHtml } from '../../src/normalize/dom.js';
import { LEXICON } from '../../src/normalize/lexicon.js';
import type { CleaningRule } from '../../src/normalize/rules/index.js';
import { plainText } from '../../src/normalize/text.js';

export function feedItem(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    guid: 'https://news.example/?p=1',
    url: 'https://news.example/2024/05/story/',
    title: 'A story',
    authors: [],
    publishedAt: '2024-05-01T10:00:00.000Z',
    updatedAt: null,
    summaryHtml: null,
    contentHtml: null,
    baseUrl: 'https://news.example/2024/05/story/',
    categories: [],
    imageUrl: null,
    enclosures: [],
    language: 'en',
    ...overrides,
  };
}

export function context(overrides: Partial<NormalizeContext> = {}): NormalizeContext {
  return {
    feed: { url: 'https://news.example/feed/', title: 'News Example', siteUrl: 'https://news.example', language: 'en' },
    fullText: 'never',
    embedHosts: [],
    log: silentLogger,
    ...overrides,
  };
}

/** Normalizes a body given as content:encoded, full text off. */
export function clean(contentHtml: string, item: Partial<FeedItem> = {}): Promise<CleanArticle> {
  return normalizeItem(feedItem({ contentHtml, ...item }), context());
}

/** A real paragraph, long enough that no rule mistakes it for a label. */
export const STORY =
  '<p>The council approved the new budget on Tuesday after a long debate about school funding, road repairs ' +
  'and the future of the public library, which has been closed since the flood two years ago.</p>' +
  '<p>Members said they expected the library to reopen next spring, once the insurance claims are settled ' +
  'and the contractors have finished replacing the flooring and shelves on the ground floor.</p>';


/** Runs one rule alone on a body. */
export function runRule(rule: CleaningRule, html: string): { removed: number; html: string; text: string } {
  const root = parseHtml(html);
  const removed = rule.apply({ root, lexicon: LEXICON });
  return { removed, html: serializeHtml(root), text: plainText(root) };
}

/** The rule keeps every word of `html`: nothing removed, same text. */
export function expectUntouched(rule: CleaningRule, html: string): { removed: number; sameText: boolean } {
  const before = plainText(parseHtml(html));
  const after = runRule(rule, html);
  return { removed: after.removed, sameText: after.text === before };
}
