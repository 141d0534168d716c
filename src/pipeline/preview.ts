/**
 * Preview: the pipeline once, with nothing stored and nothing queued.
 * `POST /v1/preview` and `feedloom preview` both run this; it reads the feed
 * as fetchFeed does and normalizes with processor.ts' cleanItems, the path the
 * article worker takes, so what a user previews is what gets published.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { FeedloomError } from '../core/errors.js';
import type { FeedRules, FetchedDocument, FullTextMode, ParsedFeed, PreviewResult } from '../core/model.js';
import { assertValidFeedRules, compiledRulesOf } from '../normalize/feed-rules/index.js';
import { loadFeed, parseDocument, type PipelineDeps } from './feeds.js';
import { cleanItems, type ItemDeps } from './processor.js';

export interface PreviewOptions {
  fullText: FullTextMode;
  /** Rules to try before saving them on a feed (checked: one that does not compile is INVALID_RULE). */
  rules?: FeedRules | null;
}

async function previewOf(feed: ParsedFeed, feedUrl: string | null, options: PreviewOptions, deps: ItemDeps): Promise<PreviewResult> {
  const context = { url: feedUrl, title: feed.title, siteUrl: feed.siteUrl, language: feed.language };
  const rules = options.rules;
  const tuning = rules ? { disabledRules: rules.disable, feedRules: compiledRulesOf(rules) } : {};
  const items = await cleanItems(context, feed.items, options.fullText, deps, tuning);
  return { feed: { title: feed.title, siteUrl: feed.siteUrl, kind: feed.kind }, items };
}

export async function previewUrl(url: string, options: PreviewOptions, deps: PipelineDeps & Pick<ItemDeps, 'cleaner'>): Promise<PreviewResult> {
  if (options.rules) assertValidFeedRules(options.rules);
  const loaded = await loadFeed(url, deps, { discover: true });
  if (!loaded.feed) throw new FeedloomError('NOT_A_FEED', `${url} answered 304 without a body`);
  return previewOf(loaded.feed, loaded.feedUrl, options, deps);
}

/**
 * A feed saved on disk: no HTTP headers, so the charset comes from the BOM or
 * the XML declaration. Relative links resolve against `baseUrl` when given,
 * else against where the feed says it lives (its rel="self", else its site
 * link): the file's own path means nothing to readers of the article.
 */
export async function previewFile(
  path: string,
  options: PreviewOptions & { baseUrl?: string | null },
  deps: Omit<PipelineDeps, 'http'> & { http: PipelineDeps['http'] | null },
): Promise<PreviewResult> {
  if (options.rules) assertValidFeedRules(options.rules);
  const body = new Uint8Array(await readFile(path));
  const url = pathToFileURL(path).href;
  const document: FetchedDocument = {
    requestedUrl: url,
    url,
    status: 200,
    headers: {},
    body,
    contentType: null,
    etag: null,
    lastModified: null,
    permanentRedirect: false,
    maxAgeSeconds: null,
  };
  let { feed } = parseDocument(document, deps.config, options.baseUrl ?? null);
  if (!feed) throw new FeedloomError('NOT_A_FEED', `${path} is an HTML page, not a feed`);
  const declared = options.baseUrl ? null : (feed.selfUrl ?? feed.siteUrl);
  if (declared) feed = parseDocument(document, deps.config, declared).feed ?? feed;
  return previewOf(feed, null, options, deps);
}
