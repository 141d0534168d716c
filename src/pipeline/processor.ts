/**
 * The pipeline, in the order it runs. This is the one file that orders the
 * stages; each stage lives in its own directory and knows nothing of the
 * others, of Redis or of HTTP servers.
 *
 *   fetchFeed    fetch (conditional GET) -> parse -> stage (new or changed items)
 *   processItems normalize -> filter -> dedupe -> store -> fan out (a batch of one feed's items)
 *   deliver      sign -> POST -> classify -> when to try again
 *
 * The workers load what a job names, call one of these, record the outcome
 * and enqueue the next stage. Preview (API and CLI) runs `cleanItems`, the
 * same normalize path as processItems, with nothing stored. Normalize's CPU
 * runs in the normalize pool's threads when deps carry its cleaner.
 */
import type { Config } from '../../config/index.js';
import type { Logger } from '../core/logger.js';
import { errorMessage } from '../core/errors.js';
import { mapLimited } from '../core/map-limited.js';
import type { CleanArticle, Feed, FeedItem, FetchedDocument, FullTextMode, ParsedFeed } from '../core/model.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { RequestOptions } from '../fetch/request-options.js';
import { compiledRulesOf } from '../normalize/feed-rules/index.js';
import type { LearnedBoilerplate } from '../normalize/boilerplate.js';
import { normalizeItem, type ItemCleaner, type NormalizeContext } from '../normalize/index.js';
import { retryDelayMs } from '../publish/backoff.js';
import { deliverWebhook } from '../publish/deliver.js';
import type { DeliveryOutcome } from '../publish/outcome.js';
import type {
  AttemptResult,
  DeliveryJob,
  FeedSourceState,
  PendingItem,
  SaveArticleResult,
  SaveOptions,
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

// ---------------------------------------------------------------- processItems

export interface ItemDeps {
  http: HttpClient | null;
  config: Pick<Config, 'embedHosts' | 'siteConfigDir'>;
  log: Logger;
  /** The normalize pool's cleaner (normalize-pool.ts); absent: items are cleaned on this thread. */
  cleaner?: ItemCleaner | undefined;
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
  tuning: Pick<NormalizeContext, 'disabledRules' | 'feedRules' | 'learned' | 'learnEdges'> = {},
): Promise<CleanArticle[]> {
  const ctx = { ...normalizeContext(feed, fullText, deps), ...tuning };
  return mapLimited(items, 4, (item) => normalizeItem(item, ctx));
}

/** What became of one item of a batch. */
export type ItemOutcome =
  /** Normalize said the item is not an article (an event listing, a bare link): counted on the feed, not stored. */
  | { itemId: string; kind: 'not_article'; reason: string }
  | { itemId: string; kind: 'filtered'; reason: string }
  /** Cleaning the item threw: it is recorded failed (a later change of the item in its feed retries it). */
  | { itemId: string; kind: 'failed'; error: string }
  | { itemId: string; kind: 'saved'; saved: SaveArticleResult };

export type ProcessItemsDeps = ItemDeps & {
  store: Store;
  config: Pick<Config, 'embedHosts' | 'siteConfigDir' | 'boilerplateMinItems' | 'boilerplateSharePercent' | 'boilerplateWindow'>;
};

function boilerplatePolicy(config: ProcessItemsDeps['config']) {
  return { minItems: config.boilerplateMinItems, share: config.boilerplateSharePercent / 100, window: config.boilerplateWindow };
}

/** An item whose cleaning threw, with the error as its feed will show it. */
class ItemFailure {
  constructor(readonly error: string) {}
}

/** What processItems works on: open items of one feed, the feed, and what its earlier items taught about boilerplate. */
export interface ItemBatch {
  feed: Feed;
  pending: readonly PendingItem[];
  learned: LearnedBoilerplate;
}

/**
 * The article stage's reads for a batch, asked at once (a store in a thread
 * gets them in one message). Items already settled are left out; null when
 * the feed is gone.
 */
export async function loadItemBatch(feedId: string, itemIds: readonly string[], deps: Pick<ProcessItemsDeps, 'store' | 'config'>): Promise<ItemBatch | null> {
  const { store } = deps;
  const [pending, feed, learned] = await Promise.all([
    store.items.getMany(itemIds),
    store.feeds.get(feedId),
    store.boilerplate.learned(feedId, boilerplatePolicy(deps.config)),
  ]);
  return feed ? { feed, pending, learned } : null;
}

/**
 * Items of one feed, cleaned and stored together: normalize each (with what
 * the feed's items taught before this batch) -> learn -> filter -> dedupe ->
 * store -> fan out. The articles of the batch are saved in one store
 * transaction (saveFromItems: per item the article, its cross-feed dedupe
 * and one delivery per matching subscription), so running the same batch
 * twice announces nothing new. An item that fails to clean is recorded
 * failed and the others go on. The caller enqueues the deliveries.
 */
export async function processItems(batch: ItemBatch, deps: ProcessItemsDeps, save: SaveOptions = { at: new Date() }): Promise<ItemOutcome[]> {
  const { feed, pending, learned } = batch;
  const feedContext = { url: feed.url, title: feed.title, siteUrl: feed.siteUrl, language: null, kind: feed.kind };
  const policy = boilerplatePolicy(deps.config);
  // A stored rule that no longer compiles is skipped (provenance names it), never a failed item.
  const feedRules = compiledRulesOf(feed.rules);
  if (feedRules && feedRules.invalid.length > 0) deps.log.warn({ invalid: feedRules.invalid }, 'feed rules skipped: they do not compile');
  const ctx = { ...normalizeContext(feedContext, feed.fullText, deps), disabledRules: feed.rules.disable, feedRules, learned, learnEdges: true };
  const cleaned = await mapLimited(pending, 4, async (item): Promise<CleanArticle | ItemFailure> => {
    try {
      return await normalizeItem(item.item, ctx);
    } catch (err) {
      deps.log.warn({ itemId: item.id, guid: item.item.guid, err: errorMessage(err) }, 'item could not be cleaned');
      return new ItemFailure(`NORMALIZE_FAILED: ${errorMessage(err)}`);
    }
  });

  const outcomes: ItemOutcome[] = [];
  const articles: { itemId: string; clean: CleanArticle }[] = [];
  for (const [index, item] of pending.entries()) {
    const article = cleaned[index] as CleanArticle | ItemFailure;
    if (article instanceof ItemFailure) {
      outcomes.push({ itemId: item.id, kind: 'failed', error: article.error });
      continue;
    }
    const notArticle = article.provenance?.skipped;
    if (notArticle) outcomes.push({ itemId: item.id, kind: 'not_article', reason: notArticle });
    else articles.push({ itemId: item.id, clean: article });
  }
  const toSave: typeof articles = [];
  for (const entry of articles) {
    const dropped = filterVerdict(entry.clean, feed.include, feed.exclude);
    if (dropped === null) toSave.push(entry);
    else outcomes.push({ itemId: entry.itemId, kind: 'filtered', reason: dropped });
  }
  // Rare outcomes, one small write each.
  for (const outcome of outcomes) {
    if (outcome.kind === 'failed') await deps.store.items.markFailed(outcome.itemId, outcome.error);
    if (outcome.kind === 'not_article') await deps.store.items.markNotAnArticle(outcome.itemId, feed.id, outcome.reason);
    if (outcome.kind === 'filtered') await deps.store.items.markSkipped(outcome.itemId, `filtered: ${outcome.reason}`);
  }
  const boilerplate = { feedId: feed.id, printsPerItem: articles.map(({ clean }) => clean.provenance?.edges ?? []), window: policy.window };
  outcomes.push(...(await saveBatch(toSave, deps, { ...save, boilerplate })));
  return outcomes;
}

/**
 * One transaction for the batch. Should it fail, each item is saved on its
 * own, so one item the store refuses does not hold back the others: it is
 * recorded failed. When every item fails the store itself is the likely cause
 * (down, locked): the error is thrown and the job is retried.
 */
async function saveBatch(entries: { itemId: string; clean: CleanArticle }[], deps: ProcessItemsDeps, save: SaveOptions): Promise<ItemOutcome[]> {
  try {
    const saved = await deps.store.articles.saveFromItems(entries, save);
    return entries.map(({ itemId }, index) => ({ itemId, kind: 'saved', saved: saved[index] as SaveArticleResult }));
  } catch (err) {
    if (entries.length <= 1) throw err;
    deps.log.warn({ items: entries.length, err: errorMessage(err) }, 'batch save failed; saving its items one by one');
  }
  // The batch's transaction counted its boilerplate too, and was rolled back.
  const { boilerplate, ...one } = save;
  if (boilerplate) await deps.store.boilerplate.observeMany(boilerplate.feedId, boilerplate.printsPerItem, boilerplate.window);
  const outcomes: ItemOutcome[] = [];
  let firstError: unknown = null;
  for (const { itemId, clean } of entries) {
    try {
      outcomes.push({ itemId, kind: 'saved', saved: await deps.store.articles.saveFromItem(itemId, clean, one) });
    } catch (err) {
      firstError ??= err;
      outcomes.push({ itemId, kind: 'failed', error: `STORE_FAILED: ${errorMessage(err)}` });
    }
  }
  if (outcomes.every((o) => o.kind === 'failed')) throw firstError;
  for (const outcome of outcomes) {
    if (outcome.kind === 'failed') await deps.store.items.markFailed(outcome.itemId, outcome.error);
  }
  return outcomes;
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
