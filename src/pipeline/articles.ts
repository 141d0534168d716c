/**
 * What the normalize stage needs from the rest of the service: the page
 * fetcher for full text, the feed it reads for, and where its CPU-bound half
 * runs (the normalize pool's threads, or inline). processor.ts puts the
 * stages in order; the feed's filters are in filters.ts.
 */
import type { Config } from '../../config/index.js';
import type { FullTextMode } from '../core/model.js';
import type { Logger } from '../core/logger.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { ItemCleaner, NormalizeContext, PageFetcher } from '../normalize/index.js';
import { siteConfigDirectory } from '../normalize/site-config/directory.js';
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
  deps: { http: HttpClient | null; config: Pick<Config, 'embedHosts' | 'siteConfigDir'>; log: Logger; cleaner?: ItemCleaner | undefined },
): NormalizeContext {
  return {
    feed,
    fullText,
    ...(deps.http && fullText !== 'never' ? { fetchPage: pageFetcher(deps.http) } : {}),
    ...(deps.config.siteConfigDir ? { siteConfigs: siteConfigDirectory(deps.config.siteConfigDir, deps.log) } : {}),
    embedHosts: deps.config.embedHosts,
    log: deps.log,
    ...(deps.cleaner ? { cleaner: deps.cleaner } : {}),
  };
}

