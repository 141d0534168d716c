/**
 * The values that flow through the pipeline, one stage to the next:
 *   FetchedDocument (fetch) -> ParsedFeed / FeedItem (parse) -> CleanArticle (normalize)
 *   -> Article (store) -> Delivery (publish).
 * Every stage takes the previous stage's type and returns its own; nothing here
 * knows about Redis, SQL or HTTP servers. The objects of API.md (Feed, Article,
 * Delivery) and the event names are defined here once; the store's row types
 * live in store/schema.ts and are mapped to these.
 */

export type FeedKind = 'rss' | 'atom' | 'rdf' | 'json' | 'wordpress';
export type FullTextMode = 'auto' | 'always' | 'never';
/** How a feed is polled: adaptive follows the feed and its server, fixed is exactly pollIntervalSeconds. */
export type ScheduleMode = 'adaptive' | 'fixed';
/** Why a feed's effective interval is what it is (src/schedule explains each). */
export type ScheduleReason = 'fixed' | 'adaptive' | 'ttl' | 'retry-after' | 'backoff' | 'websub';

/** A response body as bytes, with what HTTP said about it. */
export interface FetchedDocument {
  /** The URL asked for. */
  requestedUrl: string;
  /** The URL the body came from, after redirects. */
  url: string;
  /** 200 (or another 2xx) with a body, or 304 with an empty body. */
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** Body after content-encoding was undone, never larger than the configured cap. */
  body: Uint8Array;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Set when every redirect in the chain was permanent (301/308): the feed's URL should change to `url`. */
  permanentRedirect: boolean;
  /** Seconds from `Cache-Control: max-age`, when present. */
  maxAgeSeconds: number | null;
}

/** Validators from the previous successful fetch, for a conditional GET. */
export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}

export interface ParsedFeed {
  kind: FeedKind;
  /** Plain text. */
  title: string | null;
  /** The site's home page (absolute URL). */
  siteUrl: string | null;
  language: string | null;
  /** How often the feed says it changes (<ttl>, sy:updatePeriod/Frequency), in seconds. */
  ttlSeconds: number | null;
  /** WebSub hub declared by the feed. */
  hubUrl: string | null;
  /** The feed's own URL as it declares it (Atom/RSS rel="self", JSON Feed feed_url). */
  selfUrl?: string | null;
  items: FeedItem[];
  /** Set when the document was not well-formed and was read leniently: what was wrong with it. */
  warning?: string | null;
}

/** A file attached to an item: RSS/Atom enclosures, Media RSS content and thumbnails, JSON Feed attachments. */
export interface Enclosure {
  url: string;
  /** MIME type as the feed gives it. */
  type: string | null;
  /** Size in bytes. */
  length: number | null;
  /** Media RSS medium (image, audio, video, document, executable), else derived from the type. */
  medium?: string | null;
  title?: string | null;
}

/** An enclosure as an article carries it: every field present, null when unknown. */
export type ArticleEnclosure = Required<Enclosure>;

/** One entry of a feed, in one shape whatever the format. */
export interface FeedItem {
  /** Never empty: the item's guid/id, else its link, else a hash of title+date+content. */
  guid: string;
  /** Absolute URL of the item's page, or null. */
  url: string | null;
  /** Plain text (HTML titles are reduced to their text, entities decoded). */
  title: string | null;
  /** Names as the feed gives them (dc:creator, author name, "email (Name)" reduced to Name). */
  authors: string[];
  /** ISO-8601 UTC. */
  publishedAt: string | null;
  updatedAt: string | null;
  /**
   * RSS description / Atom summary as HTML (plain-text values are escaped). URLs may still be relative to
   * `baseUrl`: normalize resolves them in its one parse of the body, so the feed parser need not parse every body.
   */
  summaryHtml: string | null;
  /** content:encoded / Atom content / JSON content_html as HTML; URLs as in summaryHtml. */
  contentHtml: string | null;
  /** What relative URLs of the item's bodies are relative to (xml:base, else the item link, else the feed URL). */
  baseUrl: string | null;
  categories: string[];
  /** media:thumbnail / media:content image / image enclosure / JSON image. */
  imageUrl: string | null;
  /** The image's alt text, when the source gives one (WordPress' featured media). */
  imageAlt?: string | null;
  enclosures: Enclosure[];
  language: string | null;
}

/** What one cleaning rule removed from one body (see src/normalize/rules). */
export interface RuleFiring {
  rule: string;
  removed: number;
  /** The first words of up to three of the removed pieces. */
  samples: string[];
}

/** Where the body came from: the feed's content, the article page (Readability), a site rule, the WordPress REST API. */
export type Extractor = 'feed' | 'fulltext' | 'site-rule' | 'wordpress';

/** How an article was made: why a sentence went missing, and what to turn off per feed. */
export interface ArticleProvenance {
  extractor: Extractor;
  /** Why the article page was fetched ("teaser: 42 words", "fullText: always"); null when it was not. */
  fullTextReason: string | null;
  rules: RuleFiring[];
  /** Set when the item is not an article (no URL and no body, a one-letter title, no words): it is not published. */
  skipped: string | null;
  /** Fingerprints of the blocks at both ends of the feed's body, for the feed's learned boilerplate. */
  edges?: { edge: 'head' | 'tail'; fingerprint: string }[];
}

/** What normalizing produces for one item: the article body and its metadata, nothing else. */
export interface CleanArticle {
  guid: string;
  /** Canonical URL, tracking parameters removed. */
  url: string | null;
  title: string | null;
  authors: string[];
  publishedAt: string | null;
  updatedAt: string | null;
  /** Plain text, at most ~300 characters. */
  summary: string;
  /** Sanitized HTML of the body only. */
  contentHtml: string;
  /** Plain text of the body, paragraphs separated by a blank line. */
  contentText: string;
  imageUrl: string | null;
  /** The image's alt text when the source gave one with it (a WordPress featured image). */
  imageAlt?: string | null;
  categories: string[];
  language: string | null;
  wordCount: number;
  /** sha256 (hex) of the normalized text: the same story carried by two feeds has one hash. */
  contentHash: string;
  /** How the normalize stage made it; not part of the published Article. */
  provenance?: ArticleProvenance;
  /** The item's attachments (absent on articles stored before they were kept). */
  enclosures?: ArticleEnclosure[];
}

export interface FeedSource {
  feedUrl: string;
  feedTitle: string | null;
  siteUrl: string | null;
}

/** Another feed that carried an article's story: the same text, or a near-duplicate of it. */
export interface ArticleSource {
  feedId: string;
  guid: string;
  /** The copy's own URL and title (null for sources recorded before they were kept). */
  url: string | null;
  title: string | null;
  /** How alike the two texts are (Jaccard similarity of their word shingles); 1 for the same text. */
  similarity: number;
  /** When the copy arrived. */
  seenAt: string;
}

/** An article as the store keeps it and webhooks carry it (API.md, "Article object"). */
export interface Article extends CleanArticle {
  id: string;
  feedId: string;
  fetchedAt: string;
  source: FeedSource;
  /** Ingestion sequence: grows in the order articles became visible (the `after=` cursor). */
  seq?: number;
  /** Other feeds that carried the story, oldest first (API reads only; webhooks announce the article once). */
  sources?: ArticleSource[];
}

/** The events an article announces, written once: subscriptions name them, deliveries carry them. */
export const ARTICLE_EVENTS = ['article.created', 'article.updated'] as const;
export type ArticleEvent = (typeof ARTICLE_EVENTS)[number];

/** A regex replacement run on a feed's raw body HTML before it is parsed (RE2 syntax: matching takes linear time). */
export interface FeedReplacement {
  pattern: string;
  /** `$1`, `$<name>`, `$&` and `$$` expand as in String.prototype.replace. */
  replacement: string;
  /** Any of `i` (ignore case), `m` (^ and $ at line ends), `s` (. matches newlines). */
  flags?: string;
}

/**
 * Per-feed cleaning settings (src/normalize/feed-rules): `disable` names rules that must not run on this
 * feed; `remove`, `body` and `replace` are the feed's own rules, run before the boilerplate rules.
 */
export interface FeedRules {
  disable: string[];
  /** CSS selectors whose elements are removed from the body. */
  remove: string[];
  /** A CSS selector: the elements it matches become the body; null keeps the whole body. */
  body: string | null;
  replace: FeedReplacement[];
}

export type FeedStatus = 'active' | 'paused' | 'failing' | 'gone';

export type WebSubStatus = 'none' | 'pending' | 'subscribed' | 'failed';

/** Per-feed request options as the API shows them: the password is write-only. */
export interface FeedRequestOptions {
  headers: Record<string, string>;
  userAgent: string | null;
  basicAuth: { username: string } | null;
}

/** A feed's WebSub subscription as the API shows it. */
export interface FeedWebSub {
  hub: string | null;
  status: WebSubStatus;
  leaseExpiresAt: string | null;
}

/** `paused`: its subscription is disabled; re-enabling the subscription makes it pending again. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'paused';

/** The Feed object of API.md. */
export interface Feed {
  id: string;
  url: string;
  title: string | null;
  siteUrl: string | null;
  kind: FeedKind | null;
  status: FeedStatus;
  pollIntervalSeconds: number;
  fullText: FullTextMode;
  include: string[];
  exclude: string[];
  tags: string[];
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  /** The last document read was not well-formed and was salvaged: what was wrong (null when clean). */
  lastWarning: string | null;
  consecutiveFailures: number;
  nextFetchAt: string | null;
  articleCount: number;
  /** Items the feed's include/exclude filters dropped. */
  filteredCount: number;
  createdAt: string;
  schedule: ScheduleMode;
  /** The interval the scheduler really uses, and why. */
  effectivePollSeconds: number;
  scheduleReason: ScheduleReason;
  websub: FeedWebSub;
  fetch: FeedRequestOptions;
  /** What the user asked to read: the REST API of a WordPress site, the feed, or whichever answers. */
  source: FeedSourceChoice;
  sourceInUse: SourceInUse | null;
  /** The site's categories/tags (names or slugs) and post type the feed is narrowed to. */
  wordpress: WordPressFilter | null;
  backfill: BackfillProgress | null;
  /** Cleaning rules this feed turns off. */
  rules: FeedRules;
  /** Items not published because they are not articles, and why the last one was not. */
  skipped: { count: number; lastReason: string | null };
}

export type FeedSourceChoice = 'auto' | 'feed' | 'wordpress';

export type SourceInUse = 'feed' | 'wordpress';

export interface WordPressFilter {
  categories: string[];
  tags: string[];
  /** A custom post type's name (`post` when absent). */
  postType?: string | null;
}

export interface BackfillProgress {
  status: 'running' | 'done' | 'failed';
  fetched: number;
  limit: number;
  error?: string | null;
}

export interface Delivery {
  id: string;
  /** Exactly one of webhookId and destinationId is set. */
  webhookId: string | null;
  destinationId: string | null;
  /** The post a destination delivery made or updated (null for webhooks). */
  remoteId: string | null;
  remoteUrl: string | null;
  articleId: string;
  event: ArticleEvent;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

/** The preview contract of API.md. */
export interface PreviewResult {
  feed: { title: string | null; siteUrl: string | null; kind: FeedKind };
  items: CleanArticle[];
}
