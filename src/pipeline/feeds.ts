/**
 * Turning a URL into a parsed feed: fetch, decode, parse, and when the URL is
 * a web page rather than a feed, discover the feed it links to. Used by
 * registration, preview and the fetch worker alike. parseDocument is the one
 * place that orders decoding and parsing; the fetch worker runs it in the
 * normalize pool's threads (deps.parser), the others here.
 */
import type { Config } from '../../config/index.js';
import { FeedloomError, FetchError, ParseError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ConditionalHeaders, FetchedDocument, ParsedFeed } from '../core/model.js';
import { commonFeedPaths, discoverFeedLinks } from '../fetch/discover.js';
import { wordpressApiFromLinkHeader } from '../fetch/wordpress.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { RequestOptions } from '../fetch/request-options.js';
import { decodeFeedBytes } from '../parse/decode.js';
import { assertUsableFeed, looksLikeHtmlPage, parseEmbeddedFeed, parseFeed } from '../parse/index.js';

export interface PipelineDeps {
  http: HttpClient;
  config: Config;
  log: Logger;
  /** Runs parseDocument in the normalize pool (NORMALIZE_THREADS); absent: on the event loop. */
  parser?: DocumentParser | undefined;
}

/** What parseDocument reads of a fetched document (a thread is sent only this). */
export type ParsableDocument = Pick<FetchedDocument, 'url' | 'body' | 'contentType' | 'headers'>;

/**
 * A parsed document. `text` is always there for a page without a feed (discovery reads its links);
 * a parser that runs elsewhere may leave it out beside a feed, where only the backfill reads it.
 */
export type ParsedDocument = { text?: string; feed: ParsedFeed } | { text: string; feed: null };

/** parseDocument somewhere else than on the calling thread (the normalize pool's `parse`). */
export type DocumentParser = (
  document: ParsableDocument,
  config: Pick<Config, 'maxItemsPerFeed'>,
  baseUrl?: string | null,
) => Promise<ParsedDocument>;

export interface LoadedFeed {
  document: FetchedDocument;
  /** Null when the server answered 304 Not Modified. */
  feed: ParsedFeed | null;
  /** The URL the feed was read from (differs from the one asked for after discovery or redirects). */
  feedUrl: string;
}

/** How many candidate links discovery tries before giving up on a page. */
const MAX_DISCOVERY_TRIES = 4;

/**
 * Decodes and parses a fetched document; `feed` is null for an HTML page.
 * `baseUrl` is what relative links resolve against (null for a file on disk,
 * whose path means nothing to readers of the article).
 */
export function parseDocument(
  document: ParsableDocument,
  config: Pick<Config, 'maxItemsPerFeed'>,
  baseUrl: string | null = document.url,
): { text: string; feed: ParsedFeed | null } {
  const text = decodeFeedBytes(document.body, document.contentType);
  const options = { url: baseUrl, contentLocation: document.headers['content-location'] ?? null, maxItems: config.maxItemsPerFeed };
  // A page is searched for feed links by the caller, unless it carries the feed itself.
  if (looksLikeHtmlPage(text)) return { text, feed: parseEmbeddedFeed(text, options) };
  return { text, feed: parseFeed(text, options) };
}

/** parseDocument through the deps' parser when there is one (the fetch worker's), else here. */
async function parseFetched(document: FetchedDocument, deps: Pick<PipelineDeps, 'config' | 'parser'>): Promise<ParsedDocument> {
  if (deps.parser) return deps.parser(document, deps.config);
  const { text, feed } = parseDocument(document, deps.config);
  return feed ? { text, feed } : { text, feed: null };
}

/**
 * Fetches `url` and parses it. A web page is searched for feed links (its
 * <link rel="alternate">, then WordPress-style paths) when `discover` is set;
 * otherwise, or when nothing is found, it is NOT_A_FEED.
 */
export async function loadFeed(
  url: string,
  deps: PipelineDeps,
  options: { conditional?: ConditionalHeaders; discover?: boolean; request?: RequestOptions | null } = {},
): Promise<LoadedFeed> {
  const request = options.request ?? null;
  const document = await deps.http.get(url, { ...(options.conditional ? { conditional: options.conditional } : {}), request });
  if (document.status === 304) return { document, feed: null, feedUrl: document.url };
  let parsed: ParsedDocument;
  try {
    parsed = await parseFetched(document, deps);
  } catch (err) {
    // The server did answer: the feed's lastStatus should say so even though the body was unusable.
    if (err instanceof FeedloomError) err.details.httpStatus = document.status;
    throw err;
  }
  if (parsed.feed) {
    const { feed } = parsed;
    // A feed read for its articles must have some; discovery (registration, preview) takes what it finds.
    if (!options.discover) {
      try {
        assertUsableFeed(feed, document.url);
      } catch (err) {
        if (err instanceof FeedloomError) err.details.httpStatus = document.status;
        throw err;
      }
    }
    return { document, feed, feedUrl: document.url };
  }
  if (!options.discover) {
    throw new FeedloomError('NOT_A_FEED', `${document.url} is a web page, not a feed`, { details: { httpStatus: document.status } });
  }
  const candidates = [...discoverFeedLinks(parsed.text, document.url), ...commonFeedPaths(document.url)];
  const tried = new Set<string>([document.url]);
  for (const candidate of candidates) {
    if (tried.has(candidate) || tried.size > MAX_DISCOVERY_TRIES) continue;
    tried.add(candidate);
    try {
      const found = await deps.http.get(candidate, { request });
      const { feed } = await parseFetched(found, deps);
      if (feed) return { document: found, feed, feedUrl: found.url };
    } catch (err) {
      deps.log.debug({ url: candidate, err: errorMessage(err) }, 'feed discovery candidate rejected');
    }
  }
  throw new FeedloomError('NOT_A_FEED', `${document.url} is a web page that links to no feed`);
}

/** Network failures that say nothing about whether the URL is a feed: registration accepts the URL and retries later. */
function isTransient(err: unknown): boolean {
  return err instanceof FetchError && !['INVALID_URL', 'BLOCKED_ADDRESS'].includes(err.code);
}

/**
 * For registration: the feed URL behind what the user gave. A URL that cannot
 * be reached right now is accepted as given (its failure will show on the feed).
 */
export async function resolveFeedUrl(
  url: string,
  deps: PipelineDeps,
  request: RequestOptions | null = null,
): Promise<{ url: string; title: string | null; reachable: boolean; siteUrl: string | null; wordpressApi: string | null }> {
  try {
    const loaded = await loadFeed(url, deps, { discover: true, request });
    return {
      url: loaded.feedUrl,
      title: loaded.feed?.title ?? null,
      reachable: true,
      siteUrl: loaded.feed?.siteUrl ?? null,
      // WordPress announces its REST API on feeds as on pages.
      wordpressApi: wordpressApiFromLinkHeader(loaded.document.headers['link'], loaded.document.url),
    };
  } catch (err) {
    if (isTransient(err)) {
      deps.log.info({ url, err: errorMessage(err) }, 'feed not reachable at registration; accepted as given');
      return { url, title: null, reachable: false, siteUrl: null, wordpressApi: null };
    }
    // Whatever the parser disliked, for registration the URL is simply not a feed.
    if (err instanceof ParseError && err.code !== 'NOT_A_FEED') {
      throw new FeedloomError('NOT_A_FEED', `${url} is not a feed: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
