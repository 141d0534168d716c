/**
 * From parsed items to clean articles: the normalize stage with the page
 * fetcher it needs for full text, and the feed's keyword filters.
 */
import type { Config } from '../../config/index.js';
import type { CleanArticle, FeedItem, FullTextMode, ParsedFeed } from '../core/model.js';
import type { Logger } from '../core/logger.js';
import type { HttpClient } from '../fetch/http-client.js';
import { normalizeItem, type NormalizeContext, type PageFetcher } from '../normalize/index.js';
import { decodeFeedBytes } from '../parse/decode.js';

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';

/** Article pages come through the same guarded client as feeds (SSRF guard, size cap, timeouts). */
export function pageFetcher(http: HttpClient): PageFetcher {
  return async (url: string) => {
    const page = await http.get(url, { accept: PAGE_ACCEPT });
    return { url: page.url, html: decodeFeedBytes(page.body, page.contentType) };
  };
}

export function normalizeContext(
  feed: NormalizeContext['feed'],
  fullText: FullTextMode,
  deps: { http: HttpClient | null; config: Pick<Config, 'embedHosts'>; log: Logger },
): NormalizeContext {
  return {
    feed,
    fullText,
    ...(deps.http && fullText !== 'never' ? { fetchPage: pageFetcher(deps.http) } : {}),
    embedHosts: deps.config.embedHosts,
    log: deps.log,
  };
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function normalizeFeed(
  feed: ParsedFeed,
  feedUrl: string | null,
  fullText: FullTextMode,
  deps: { http: HttpClient | null; config: Pick<Config, 'embedHosts'>; log: Logger },
): Promise<CleanArticle[]> {
  const ctx = normalizeContext(
    { url: feedUrl, title: feed.title, siteUrl: feed.siteUrl, language: feed.language },
    fullText,
    deps,
  );
  return mapLimited(feed.items, 4, (item: FeedItem) => normalizeItem(item, ctx));
}

/** The filters live in filters.ts (fields, whole words, safe regular expressions). */
export { passesFilters } from './filters.js';
