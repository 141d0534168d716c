/**
 * The pipeline, in the order it runs. This is the one file that orders the
 * stages; each stage lives in its own directory and knows nothing of the
 * others, of Redis or of HTTP servers.
 *
 *   fetchFeed    fetch (conditional GET) -> parse -> stage (new or changed items)
 *   processItem  normalize -> filter -> dedupe -> store -> fan out
 *   deliver      sign -> POST -> classify -> when to try again
 *
 * The workers load what a job names, call one of these, record the outcome
 * and enqueue the next stage. Preview (API and CLI) runs `cleanItems`, the
 * same normalize path as processItem, with nothing stored.
 */
import type { Config } from '../../config/index.js';
import type { Logger } from '../core/logger.js';
import { mapLimited } from '../core/map-limited.js';
import type { CleanArticle, Feed, FeedItem, FetchedDocument, FullTextMode, ParsedFeed } from '../core/model.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { RequestOptions } from '../fetch/request-options.js';
import { normalizeItem, type NormalizeContext } from '../normalize/index.js';
import { retryDelayMs } from '../publish/backoff.js';
import { deliverWebhook } from '../publish/deliver.js';
import type { DeliveryOutcome } from '../publish/outcome.js';
import type {
  AttemptResult,
  DeliveryJob,
  FeedSourceState,
  PendingItem,
  SaveArticleResult,
  SourceInUse,
  StagedItem,
  Store,
} from '../store/types.js';
import { normalizeContext } from './articles.js';
import { filterVerdict } from './filters.js';
import type { PushedContent } from '../queue/queues.js';
import { loadPushedFeed } from '../websub/pushed-feed.js';
import type { LoadedFeed, PipelineDeps } from './feeds.js';
import { stagedItems } from './backfill.js';
import { loadFeedSource } from './wordpress.js';

// ---------------------------------------------------------------- fetchFeed

/** Which source a poll read (the feed or a WordPress REST API), to remember on the feed; null for pushed content. */
export interface SourceUsed {
  sourceInUse: SourceInUse;
  wordpressApi: string | null;
}

export type FetchFeedResult =
  | { kind: 'not_modified'; document: FetchedDocument; source: SourceUsed | null }
  | { kind: 'fetched'; document: FetchedDocument; feed: ParsedFeed; staged: StagedItem[]; source: SourceUsed | null };

/**
 * Fetch -> parse -> stage, from the source the feed reads (its WordPress
 * site's REST API or the feed itself), or from content a WebSub hub pushed
 * (read like the document a poll would have fetched). Throws a FeedloomError
 * (with a code) for a failure of the feed itself.
 */
export async function fetchFeed(
  feed: Pick<Feed, 'id' | 'url' | 'siteUrl'> & { etag: string | null; lastModified: string | null },
  source: FeedSourceState,
  options: { request: RequestOptions | null; push?: PushedContent | undefined },
  deps: PipelineDeps & { sources: Pick<Store['sources'], 'saveResolvedFilter'> },
): Promise<FetchFeedResult> {
  let loaded: LoadedFeed;
  let used: SourceUsed | null = null;
  if (options.push) {
    loaded = loadPushedFeed(options.push, feed, deps.config);
  } else {
    const read = await loadFeedSource(feed.id, feed.url, source, deps, {
      conditional: { etag: feed.etag, lastModified: feed.lastModified },
      request: options.request,
      siteUrl: feed.siteUrl,
    });
    loaded = read.loaded;
    used = { sourceInUse: read.sourceInUse, wordpressApi: read.wordpressApi };
  }
  const { document, feed: parsed } = loaded;
  if (!parsed) return { kind: 'not_modified', document, source: used };
  return { kind: 'fetched', document, feed: parsed, staged: stagedItems(parsed.items), source: used };
}

// ---------------------------------------------------------------- processItem

export interface ItemDeps {
  http: HttpClient | null;
  config: Pick<Config, 'embedHosts' | 'siteConfigDir'>;
  log: Logger;
}

/** What normalize is told about the feed an item came from. */
export type FeedContext = NormalizeContext['feed'];

/**
 * Normalize: the items of one feed document into clean articles, a few at a
 * time (full text may fetch pages). `tuning` carries what the feed changes
 * about cleaning: rules it turns off, boilerplate learned from its items.
 */
export async function cleanItems(
  feed: FeedContext,
  items: FeedItem[],
  fullText: FullTextMode,
  deps: ItemDeps,
  tuning: Pick<NormalizeContext, 'disabledRules' | 'learned' | 'learnEdges'> = {},
): Promise<CleanArticle[]> {
  const ctx = { ...normalizeContext(feed, fullText, deps), ...tuning };
  return mapLimited(items, 4, (item) => normalizeItem(item, ctx));
}

export type ProcessItemResult =
  /** Normalize said the item is not an article (an event listing, a bare link): counted on the feed, not stored. */
  | { kind: 'not_article'; reason: string }
  | { kind: 'filtered'; reason: string }
  | { kind: 'saved'; saved: SaveArticleResult };

export type ProcessItemDeps = ItemDeps & {
  store: Store;
  config: Pick<Config, 'embedHosts' | 'siteConfigDir' | 'boilerplateMinItems' | 'boilerplateSharePercent' | 'boilerplateWindow'>;
};

function boilerplatePolicy(config: ProcessItemDeps['config']) {
  return { minItems: config.boilerplateMinItems, share: config.boilerplateSharePercent / 100, window: config.boilerplateWindow };
}

/**
 * Normalize (with what the feed's items taught) -> learn -> filter -> dedupe
 * -> store -> fan out. The last three are one store transaction
 * (saveFromItem): the article, its cross-feed dedupe and one delivery per
 * matching subscription commit together, and running the same item twice
 * announces nothing new. The caller enqueues the deliveries.
 */
export async function processItem(pending: PendingItem, feed: Feed, deps: ProcessItemDeps, at: Date = new Date()): Promise<ProcessItemResult> {
  const feedContext = { url: feed.url, title: feed.title, siteUrl: feed.siteUrl, language: null, kind: feed.kind };
  const policy = boilerplatePolicy(deps.config);
  const learned = await deps.store.boilerplate.learned(feed.id, policy);
  const [article] = (await cleanItems(feedContext, [pending.item], feed.fullText, deps, { disabledRules: feed.rules.disable, learned, learnEdges: true })) as [
    CleanArticle,
  ];
  const notArticle = article.provenance?.skipped;
  if (notArticle) {
    await deps.store.items.markNotAnArticle(pending.id, pending.feedId, notArticle);
    return { kind: 'not_article', reason: notArticle };
  }
  await deps.store.boilerplate.observe(feed.id, article.provenance?.edges ?? [], policy.window);
  const dropped = filterVerdict(article, feed.include, feed.exclude);
  if (dropped !== null) {
    await deps.store.items.markSkipped(pending.id, `filtered: ${dropped}`);
    return { kind: 'filtered', reason: dropped };
  }
  return { kind: 'saved', saved: await deps.store.articles.saveFromItem(pending.id, article, { at }) };
}

// ---------------------------------------------------------------- deliver

export interface DeliverDeps {
  http: HttpClient;
  config: Pick<Config, 'webhookTimeoutMs' | 'userAgent' | 'webhookBackoffBaseMs' | 'webhookBackoffMaxMs' | 'webhookMaxAttempts'>;
}

/**
 * One attempt of one delivery: sign, POST, classify, and decide when to try
 * again (null: never, it succeeded or failed for good). Never throws.
 */
export async function deliver(job: DeliveryJob, deps: DeliverDeps, now: () => Date = () => new Date()): Promise<{ outcome: DeliveryOutcome; attempt: AttemptResult }> {
  const { delivery, webhook, article } = job;
  const outcome = await deliverWebhook(deps.http, {
    url: webhook.url,
    secret: webhook.secret,
    previousSecret: webhook.previousSecret,
    msgId: delivery.id,
    event: delivery.event,
    article,
    timeoutMs: deps.config.webhookTimeoutMs,
    userAgent: deps.config.userAgent,
  });
  const at = now();
  if (outcome.kind === 'success') {
    return { outcome, attempt: { at, ok: true, httpStatus: outcome.status, error: null, nextAttemptAt: null, disableWebhook: false } };
  }
  if (outcome.kind === 'disable') {
    return { outcome, attempt: { at, ok: false, httpStatus: outcome.status, error: outcome.error, nextAttemptAt: null, disableWebhook: true } };
  }
  const policy = { baseMs: deps.config.webhookBackoffBaseMs, maxMs: deps.config.webhookBackoffMaxMs, maxAttempts: deps.config.webhookMaxAttempts };
  const attempts = delivery.attempts + 1;
  const nextAttemptAt = attempts >= policy.maxAttempts ? null : new Date(at.getTime() + retryDelayMs(attempts, policy));
  return { outcome, attempt: { at, ok: false, httpStatus: outcome.status, error: outcome.error, nextAttemptAt, disableWebhook: false } };
}
