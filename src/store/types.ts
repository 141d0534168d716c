/**
 * What the store keeps and the operations the adapters (API routes, workers,
 * reconciler) need from it. The store is the source of truth: every piece of
 * work the queues carry can be found again here after Redis is flushed.
 * One implementation (Kysely) serves SQLite and PostgreSQL.
 */
import type { WebSubRecord } from './websub.js';
import type { EdgePrint, LearnedBoilerplate } from '../normalize/boilerplate.js';
import type {
  Article,
  ArticleEvent,
  ArticleProvenance,
  ArticleSource,
  BackfillProgress,
  CleanArticle,
  Delivery,
  DeliveryStatus,
  Feed,
  FeedItem,
  FeedKind,
  FeedRequestOptions,
  FeedRules,
  FeedSourceChoice,
  FeedStatus,
  FeedWebSub,
  FullTextMode,
  ScheduleMode,
  ScheduleReason,
  SourceInUse,
  WebSubStatus,
  WordPressFilter,
} from '../core/model.js';

// The domain's objects are the store's contract too; they are defined once, in core/model.ts.
export type {
  BackfillProgress,
  Delivery,
  DeliveryStatus,
  Feed,
  FeedRequestOptions,
  FeedRules,
  FeedSourceChoice,
  FeedStatus,
  FeedWebSub,
  SourceInUse,
  WebSubStatus,
  WordPressFilter,
} from '../core/model.js';
export type WebhookEventName = ArticleEvent;

/** Per-feed request options as stored: the basic-auth password sealed (core/secret-box). */
export interface StoredRequestOptions {
  headers: Record<string, string>;
  userAgent: string | null;
  basicAuth: { username: string; sealedPassword: string } | null;
}

/** The filter as the site's ids, looked up once per API root and kept with the filter. */
export interface ResolvedWordPressFilter {
  apiRoot: string;
  /** The REST route of the post type (`posts`, or a custom type's rest_base). */
  restBase: string;
  categoryIds: number[];
  tagIds: number[];
}

/** What a feed stores about its source besides the API's Feed object. */
export interface FeedSourceState {
  source: FeedSourceChoice;
  sourceInUse: SourceInUse | null;
  wordpressApi: string | null;
  filter: WordPressFilter | null;
  resolved: ResolvedWordPressFilter | null;
  backfill: BackfillState | null;
}

/** A backfill's saved position: the next page (REST, ?paged=N) or archive URL to read. */
export interface BackfillState extends BackfillProgress {
  strategy: 'wordpress' | 'paged' | 'archive' | null;
  /** The step to run next (the job id carries it, so a step runs once however often it is queued). */
  nextPage: number;
  nextUrl: string | null;
  /** REST: how many of the site's posts (oldest first) lie before the next one to read. */
  offset?: number | null;
  /** Transient failures of the current step so far. */
  retries?: number;
  /** A Retry-After (or backoff) in force: nothing runs the step before this time. */
  notBefore?: string | null;
  /** When a step last saved the state: a backfill quiet for long is one whose next step was lost. */
  touchedAt?: string | null;
  startedAt: string;
}

/** An article's provenance as stored (null for articles saved before it was recorded) and its other sources. */
export interface StoredProvenance {
  provenance: ArticleProvenance | null;
  sources: ArticleSource[];
}

/** Internal fetch state of a feed that the API does not show. */
export interface FeedFetchState {
  feed: Feed;
  /** The interval the user chose (null: adaptive around the default). */
  requestedPollSeconds: number | null;
  etag: string | null;
  lastModified: string | null;
  /** What the last document said (reused to schedule after a 304). */
  declaredTtlSeconds: number | null;
  publishingSeconds: number | null;
  /** Null when the feed has no request options. */
  request: StoredRequestOptions | null;
}

/** The scheduler's decision, stored with every fetch outcome. */
export interface ScheduleDecision {
  nextFetchAt: Date;
  effectivePollSeconds: number;
  scheduleReason: ScheduleReason;
}

export interface FeedCreate {
  url: string;
  /** Title the user gave; it wins over the feed's own title. */
  title?: string | null;
  pollIntervalSeconds?: number | null;
  fullText: FullTextMode;
  include: string[];
  exclude: string[];
  tags: string[];
  nextFetchAt: Date;
  schedule?: ScheduleMode;
  request?: StoredRequestOptions | null;
  source?: FeedSourceChoice;
  wordpress?: WordPressFilter | null;
  /** The REST API root found at registration. */
  wordpressApi?: string | null;
  rules?: FeedRules | null;
}

export interface FeedPatch {
  /** The feed's URL, when discovery that finished after registration found the real feed. */
  url?: string;
  title?: string | null;
  pollIntervalSeconds?: number | null;
  fullText?: FullTextMode;
  include?: string[];
  exclude?: string[];
  tags?: string[];
  status?: 'active' | 'paused';
  schedule?: ScheduleMode;
  /** Replaces the feed's request options (null removes them). */
  request?: StoredRequestOptions | null;
  /** Replaces the feed's cleaning settings (null: every rule runs). */
  rules?: FeedRules | null;
  /** Reschedules (set when status or interval change). */
  nextFetchAt?: Date;
  source?: FeedSourceChoice;
  wordpress?: WordPressFilter | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An item of a fetched document that needs the article stage (new, or changed since last seen). */
export interface StagedItem {
  guid: string;
  /** sha256 of the guid, hex: the stable short key in job ids. */
  guidHash: string;
  /** sha256 of the item's JSON: tells a changed item from an unchanged one. */
  itemHash: string;
  item: FeedItem;
}

/** What the fetch log keeps of the request beside its outcome. */
export interface FetchRequestFacts {
  /** The URL read (after redirects). */
  url?: string | null;
  /** Body bytes after decompression. */
  bytes?: number | null;
  /**
   * The feed URL the fetch was for. When the feed has moved since (discovery after a slow
   * registration, an edit), the outcome is the old URL's: nothing is recorded on the feed, whose
   * move made it due. A success of the old URL would otherwise stage the old document's items,
   * keep its validators and push the new URL's first fetch a whole poll interval away.
   */
  feedUrl?: string | undefined;
}

export interface FetchSuccess extends ScheduleDecision, FetchRequestFacts {
  at: Date;
  httpStatus: number;
  /** The feed moved permanently (301/308): store the new URL. */
  newUrl: string | null;
  etag: string | null;
  lastModified: string | null;
  feedTitle: string | null;
  siteUrl: string | null;
  kind: FeedKind | null;
  durationMs: number;
  /** Every item of the document; the store keeps the ones it has not seen (or that changed) as pending. */
  items: StagedItem[];
  declaredTtlSeconds?: number | null;
  publishingSeconds?: number | null;
  /** Something worth a look that did not stop the fetch. */
  warning?: string | null;
}

export interface FetchNotModified extends ScheduleDecision, FetchRequestFacts {
  at: Date;
  durationMs: number;
}

export interface FetchFailure extends ScheduleDecision, FetchRequestFacts {
  at: Date;
  httpStatus: number | null;
  code: string;
  message: string;
  /** 410 Gone: stop polling. */
  gone: boolean;
  durationMs: number;
  failingAfter: number;
}

export interface PendingItem {
  id: string;
  feedId: string;
  guidHash: string;
  item: FeedItem;
}

export interface SaveArticleResult {
  /** The stored article (null when the item was filtered out or linked to another feed's copy). */
  article: Article | null;
  event: WebhookEventName | null;
  /** Deliveries created in the same transaction, to enqueue. */
  deliveryIds: string[];
  /** Why nothing was announced, when nothing was. */
  skipped: 'filtered' | 'duplicate' | 'unchanged' | null;
}

export interface Webhook {
  id: string;
  url: string;
  feedIds: string[] | null;
  events: WebhookEventName[];
  active: boolean;
  disabledReason: string | null;
  createdAt: string;
}

export interface WebhookWithSecret extends Webhook {
  secret: string;
  /** The secret before a rotation, while its overlap window lasts (null after). */
  previousSecret: string | null;
}

export interface WebhookCreate {
  url: string;
  secret: string;
  feedIds: string[] | null;
  events: WebhookEventName[];
}

export interface WebhookPatch {
  url?: string;
  events?: WebhookEventName[];
  feedIds?: string[] | null;
  active?: boolean;
  /** A new secret; the current one keeps signing until `previousSecretUntil`. */
  rotate?: { secret: string; previousSecretUntil: Date };
}

export type WebhookUpdate =
  | { kind: 'updated'; webhook: Webhook; resumedDeliveryIds: string[] }
  | { kind: 'not-found' }
  /** Another subscription already has the URL, events and feeds the patch asks for. */
  | { kind: 'conflict'; existingId: string };

/** Everything the deliver worker needs for one attempt. */
export interface DeliveryJob {
  delivery: Delivery;
  webhook: WebhookWithSecret;
  article: Article;
}

export type PostStatus = 'draft' | 'pending' | 'publish' | 'private';

/** How a destination publishes: what the API takes, the store keeps and the publisher reads. */
export interface DestinationSettings {
  status: PostStatus;
  feedIds: string[] | null;
  /** WordPress user id of the posts' author; null: the authenticated user. */
  authorId: number | null;
  categories: string[];
  copyCategories: boolean;
  copyTags: boolean;
  featuredImage: boolean;
  /** Null: the body alone ({{contentHtml}}). */
  template: string | null;
}

/** A place articles are published to (API.md, "Destinations"). The application password never leaves the store here. */
export interface Destination extends DestinationSettings {
  id: string;
  type: 'wordpress';
  /** The site's home URL. */
  url: string;
  username: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Where the REST API is and the sealed credential: only the publisher and the store see them. */
type DestinationAccess = { apiUrl: string; passwordSealed: string };

export interface DestinationWithCredentials extends Destination, DestinationAccess {}

export type DestinationCreate = Pick<Destination, 'url' | 'username'> & DestinationAccess & DestinationSettings;

export type DestinationPatch = Partial<DestinationCreate> & { enabled?: boolean };

/** The remote post of one article on one destination. */
export interface DestinationPost {
  slug: string;
  remoteId: string | null;
  remoteUrl: string | null;
}

export interface DestinationDeliveryJob {
  delivery: Delivery;
  destination: DestinationWithCredentials;
  article: Article;
  /** The slug and post already recorded for this article (null before the first attempt). */
  post: DestinationPost | null;
  /** An older delivery of the same article to the same destination still pending: this one waits, so two attempts never race to create. */
  waitsFor: string | null;
}

export interface SaveOptions {
  at: Date;
  /**
   * How long after the save the reconciler may first offer the webhook deliveries it creates (default: at
   * once): the worker that saves them makes their first attempt itself before then (workers/first-attempts.ts).
   */
  firstOfferAfterMs?: number | undefined;
  /**
   * The batch's items counted for learned boilerplate (boilerplate.observeMany) in the save's own
   * transaction: filtered items included, so it is counted even when nothing is left to save.
   */
  boilerplate?: { feedId: string; printsPerItem: readonly (readonly EdgePrint[])[]; window: number } | undefined;
}

export interface AttemptResult {
  at: Date;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  /** When to try again; null with ok=false means the delivery has failed for good. */
  nextAttemptAt: Date | null;
  /** 410 Gone: disable the subscription. */
  disableWebhook: boolean;
  /** A destination delivery: the post it made or updated. */
  remote?: { id: string; url: string | null };
}

export interface FetchLogEntry {
  id: string;
  at: string;
  outcome: 'ok' | 'not_modified' | 'error';
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  newItems: number;
  url: string | null;
  bytes: number | null;
  items: number | null;
  updatedItems: number;
  skipped: number;
  warning: string | null;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;

  feeds: {
    /** `created: false` returns the feed already registered under the same URL. */
    create(input: FeedCreate): Promise<{ feed: Feed; created: boolean }>;
    get(id: string): Promise<Feed | null>;
    findByUrl(url: string): Promise<Feed | null>;
    getFetchState(id: string): Promise<FeedFetchState | null>;
    list(query: { limit: number; cursor?: string | null; tag?: string | null; status?: FeedStatus | null }): Promise<Page<Feed>>;
    all(): Promise<Feed[]>;
    update(id: string, patch: FeedPatch): Promise<Feed | null>;
    /** Deletes the feed; its articles stay unless purge. */
    delete(id: string, options: { purge: boolean }): Promise<boolean>;
    /** Backfills by status, and the items read so far by the running ones (for /metrics). */
    backfillCounts(): Promise<{ byStatus: Record<BackfillProgress['status'], number>; runningItems: number }>;
    /** Makes the named feeds (or every feed with the tag) due at `now`; returns the ids that exist. */
    makeDue(which: { ids: string[] } | { tag: string }, now: Date): Promise<string[]>;
    /** Feeds due for a fetch (active or failing, next_fetch_at <= now), oldest first. */
    due(now: Date, limit: number): Promise<string[]>;
    /**
     * One transaction: feed state, fetch log and the new/changed items staged as pending. Returns the pending item ids;
     * `recorded` is false when the feed is gone or moved away from `result.feedUrl` meanwhile: nothing was written.
     */
    recordSuccess(id: string, result: FetchSuccess): Promise<{ recorded: boolean; pendingItemIds: string[] }>;
    recordNotModified(id: string, result: FetchNotModified): Promise<void>;
    recordFailure(id: string, result: FetchFailure): Promise<Feed | null>;
    fetchLog(id: string, limit: number): Promise<FetchLogEntry[]>;
    /** The fetch history, newest first. */
    fetchHistory(id: string, query: { limit: number; cursor?: string | null }): Promise<Page<FetchLogEntry>>;
    /** Deletes fetch-log rows older than `before`; returns how many. */
    pruneFetchLog(before: Date): Promise<number>;
    countByStatus(): Promise<Record<FeedStatus, number>>;
  };

  /** A feed's source, WordPress filter and backfill position (columns of feeds the Feed object shows only in part). */
  sources: {
    get(feedId: string): Promise<FeedSourceState | null>;
    /** What the last successful fetch read, and the REST API root when it was found. */
    recordSource(feedId: string, update: { sourceInUse: SourceInUse; wordpressApi?: string | null }): Promise<void>;
    saveResolvedFilter(feedId: string, resolved: ResolvedWordPressFilter): Promise<void>;
    saveBackfill(feedId: string, state: BackfillState | null): Promise<void>;
    /** One transaction: the step's items staged as pending and the backfill's new position. */
    stageBackfill(feedId: string, items: StagedItem[], state: BackfillState): Promise<{ pendingItemIds: string[] }>;
    /** Feeds whose backfill is running, with the step it is at (for the reconciler). */
    runningBackfills(limit: number, now: Date, quietMs: number): Promise<{ feedId: string; step: number }[]>;
  };

  /** Learned boilerplate: fingerprints of the blocks at both ends of a feed's items (store/boilerplate.ts). */
  boilerplate: {
    /** Counts one item of the feed and the fingerprints of its edge blocks. */
    observe(feedId: string, prints: readonly EdgePrint[], window: number): Promise<void>;
    /** `observe` for several items of the feed, in order, in one transaction. */
    observeMany(feedId: string, printsPerItem: readonly (readonly EdgePrint[])[], window: number): Promise<void>;
    /** The fingerprints the feed repeats in most recent items; empty until it has `minItems` items. */
    learned(feedId: string, policy: { minItems: number; share: number; window: number }): Promise<LearnedBoilerplate>;
  };

  items: {
    /** An item still waiting for (or failed in) the article stage; null once it is done or skipped. */
    get(id: string): Promise<PendingItem | null>;
    /** `get` for several: the open ones among `ids`, in no particular order. */
    getMany(ids: readonly string[]): Promise<PendingItem[]>;
    /** Items still waiting for the article stage, for the reconciler. */
    pending(limit: number): Promise<PendingItem[]>;
    /**
     * `pending` without the items' content: what the reconciler needs to queue
     * them. With `stagedBefore`, only items staged (or restaged) before then.
     */
    pendingIds(limit: number, stagedBefore?: Date): Promise<{ id: string; feedId: string }[]>;
    markFailed(id: string, error: string): Promise<void>;
    /** The feed's include/exclude filter rejected the item: done, without an article. */
    markSkipped(id: string, reason: string): Promise<void>;
    /** Closes an item that is not an article (provenance `skipped`) and counts it on its feed with the reason. */
    markNotAnArticle(id: string, feedId: string, reason: string): Promise<void>;
  };

  articles: {
    /**
     * One transaction: inserts the article (or updates it when its content
     * changed), links it instead when another feed already has the same
     * canonical URL or content hash, creates one delivery per matching active
     * webhook, and marks the item done. Running it twice changes nothing.
     */
    saveFromItem(itemId: string, article: CleanArticle, options: SaveOptions): Promise<SaveArticleResult>;
    /** saveFromItem for each entry, in order, in one transaction: one batch of a fetch's items. */
    saveFromItems(entries: readonly { itemId: string; clean: CleanArticle }[], options: SaveOptions): Promise<SaveArticleResult[]>;
    get(id: string): Promise<Article | null>;
    list(query: { feedId?: string | null; since?: Date | null; q?: string | null; limit: number; cursor?: string | null }): Promise<Page<Article>>;
    /**
     * Articles with a seq above `after`, lowest first: the ingestion cursor. A page never holds a
     * seq that a later read could find a lower one beside (see ingest-seq.ts).
     */
    listAfter(query: { after: number; feedId?: string | null; limit: number }): Promise<Article[]>;
    count(): Promise<number>;
    /** How the article was made, and the other feeds that carried it; null for an unknown article. */
    provenance(id: string): Promise<StoredProvenance | null>;
  };

  websub: {
    get(feedId: string): Promise<WebSubRecord | null>;
    /** We asked the hub to (re)subscribe: remember the hub, topic, secret (sealed at rest) and when. */
    markRequested(feedId: string, request: { hub: string; topic: string; secret: string; at: Date }): Promise<void>;
    markVerified(feedId: string, leaseExpiresAt: Date): Promise<void>;
    /** The hub refused, never verified or the lease ran out: polling takes over (the feed is due now). */
    markFailed(feedId: string, error: string, now: Date): Promise<void>;
    /** The feed names no hub any more. */
    clear(feedId: string): Promise<void>;
    /** Live subscriptions whose lease ends before `before` and that are not being renewed already. */
    leasesEndingBefore(before: Date, limit: number): Promise<string[]>;
    /** Requests the hub has not verified since before `before`. */
    unverifiedSince(before: Date, limit: number): Promise<string[]>;
    countByStatus(): Promise<Record<WebSubStatus, number>>;
  };

  webhooks: {
    /** Throws WEBHOOK_EXISTS (details.webhookId: the first one) when a subscription has the same URL, events and feeds. */
    create(input: WebhookCreate): Promise<Webhook>;
    get(id: string): Promise<Webhook | null>;
    /**
     * One transaction. Disabling pauses the pending deliveries; enabling makes the paused ones
     * pending again, due now (their ids come back to be queued).
     */
    update(id: string, patch: WebhookPatch, now: Date): Promise<WebhookUpdate>;
    list(): Promise<Webhook[]>;
    delete(id: string): Promise<boolean>;
  };

  destinations: {
    create(input: DestinationCreate): Promise<Destination>;
    get(id: string): Promise<Destination | null>;
    getWithCredentials(id: string): Promise<DestinationWithCredentials | null>;
    list(): Promise<Destination[]>;
    update(id: string, patch: DestinationPatch): Promise<Destination | null>;
    /** Its deliveries and post records go with it; the posts on the site stay. */
    delete(id: string): Promise<boolean>;
    deliveries(destinationId: string, query: { status?: DeliveryStatus | null; limit: number; cursor?: string | null }): Promise<Page<Delivery>>;
    /** Puts a delivery back to pending, due now. False when it does not belong to the destination. */
    resetDeliveryForRetry(destinationId: string, deliveryId: string, now: Date): Promise<boolean>;
    /** Null when the delivery is not a destination's, or its destination or article is gone. */
    loadDeliveryJob(deliveryId: string): Promise<DestinationDeliveryJob | null>;
    /**
     * Records the slug of an article's post before the first create; returns the slug recorded first, and
     * `claimed: true` only to the call that recorded it (no earlier attempt can have used that slug).
     */
    claimSlug(destinationId: string, articleId: string, slug: string, at: Date): Promise<{ slug: string; claimed: boolean }>;
    /** Records the remote post once known. */
    recordPost(destinationId: string, articleId: string, remote: { id: string; url: string | null }, at: Date): Promise<void>;
  };

  deliveries: {
    list(webhookId: string, query: { status?: DeliveryStatus | null; limit: number; cursor?: string | null }): Promise<Page<Delivery>>;
    get(id: string): Promise<Delivery | null>;
    /**
     * The webhook deliveries among `ids`, loaded with their webhook and article in a few queries; the others
     * are left out. `known`: articles by id as a save just returned them (the same shape as a read), not read again.
     */
    loadJobs(ids: readonly string[], known?: ReadonlyMap<string, Article>): Promise<DeliveryJob[]>;
    /** Null when the delivery, its webhook or its article is gone. */
    loadJob(id: string): Promise<DeliveryJob | null>;
    /** Moves a never-attempted pending delivery's first offer to the reconciler to `until` (its first attempt is still under way). */
    extendLease(id: string, until: Date): Promise<void>;
    /** Attempts recorded at about the same time share one transaction. */
    recordAttempt(id: string, result: AttemptResult): Promise<Delivery | null>;
    /** Puts a failed delivery back to pending, due now. False when it does not belong to the webhook. */
    resetForRetry(webhookId: string, deliveryId: string, now: Date): Promise<boolean>;
    /** A pending delivery whose subscription is disabled waits as `paused` (false when it was not pending). */
    pause(id: string, now: Date): Promise<boolean>;
    /** Pending deliveries whose next attempt is due, for the reconciler. */
    due(now: Date, limit: number): Promise<string[]>;
    countByStatus(): Promise<Record<DeliveryStatus, number>>;
  };

  /** RETENTION_DAYS (retention.ts). */
  retention: {
    /** Deletes up to `limit` articles stored before `before`; returns how many went. */
    pruneArticles(before: Date, limit: number): Promise<number>;
    /** Deletes succeeded and failed deliveries last touched before `before`. */
    pruneDeliveries(before: Date): Promise<number>;
    /** Deletes near-duplicate fingerprints older than NEAR_DUPLICATE_WINDOW_DAYS (near-duplicates.ts); returns how many went. */
    pruneFingerprints(now: Date): Promise<number>;
  };
}
