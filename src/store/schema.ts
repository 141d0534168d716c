/**
 * The tables as Kysely sees them. One schema for SQLite and PostgreSQL, so the
 * column types are the common ground: timestamps are ISO-8601 UTC strings
 * written by `toISOString()` (fixed width, so text order is time order), JSON
 * lists are text, booleans are 0/1 integers.
 */
import type { ColumnType, Generated } from 'kysely';
import type { BandColumn } from './near-duplicate-columns.js';

export interface FeedsTable {
  id: string;
  url: string;
  /** The feed's own title, as the last fetch saw it. */
  title: string | null;
  /** The title the user gave; shown instead of `title` when set. */
  user_title: string | null;
  site_url: string | null;
  kind: string | null;
  status: string;
  requested_poll_seconds: number | null;
  full_text: string;
  include_terms: string;
  exclude_terms: string;
  tags: string;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: string | null;
  last_success_at: string | null;
  last_status: number | null;
  last_error: string | null;
  /** What was wrong with the last document read when it had to be salvaged (migration 014). */
  last_warning: string | null;
  consecutive_failures: number;
  next_fetch_at: string | null;
  /** Kept in the transaction that inserts or purges articles, so listing feeds never counts rows. */
  article_count: number;
  /** Items the feed's include/exclude filters dropped, ever (markSkipped keeps it). */
  filtered_count: Generated<number>;
  created_at: string;
  updated_at: string;
  /** 'adaptive' | 'fixed'. */
  schedule_mode: Generated<string>;
  /** The interval the last schedule decision used, and why (src/schedule). */
  effective_poll_seconds: number | null;
  schedule_reason: string | null;
  /** What the last document said of itself (<ttl>, sy:*) and how it publishes, reused after a 304. */
  declared_ttl_seconds: number | null;
  publishing_seconds: number | null;
  /** JSON per-feed request options; the basic-auth password is sealed (core/secret-box). */
  fetch_options: string | null;
  websub_hub: string | null;
  /** The topic URL the subscription is for (the feed's self URL at subscription time). */
  websub_topic: string | null;
  /** 'none' | 'pending' | 'subscribed' | 'failed'. */
  websub_status: Generated<string>;
  /** Sealed HMAC secret of the current subscription. */
  websub_secret: string | null;
  websub_lease_expires_at: string | null;
  websub_requested_at: string | null;
  websub_error: string | null;
  /** 'auto' | 'feed' | 'wordpress': what the user asked to read. */
  source: Generated<string>;
  /** 'feed' | 'wordpress': what the last successful fetch read. */
  source_in_use: string | null;
  /** The WordPress REST API root (…/wp-json/) when the site announced one. */
  wordpress_api: string | null;
  /** JSON WordPressFilter: the site categories/tags/post type to read, and the ids they resolved to. */
  wordpress_filter: string | null;
  /** JSON BackfillState: a backfill's progress and where it continues. */
  backfill: string | null;
  /** JSON FeedRules {disable, remove, body, replace}: rules this feed turns off and its own rules (fields may be absent in older rows). */
  rules: string | null;
  /** Items not published because they are not articles (no URL and no body, no words …), and the last reason. */
  skipped_count: Generated<number>;
  last_skip_reason: string | null;
  /** Items whose leading/trailing blocks went into feed_boilerplate. */
  boilerplate_items: Generated<number>;
}

export interface ItemsTable {
  id: string;
  feed_id: string;
  guid: string;
  guid_hash: string;
  item_hash: string;
  status: string;
  article_id: string | null;
  /** Why the item did not become an article: the failure, or the filter that skipped it. */
  error: string | null;
  created_at: string;
  updated_at: string;
}

/** The body of an item waiting for the article stage; a trigger deletes it when the item settles (migration 019). */
export interface ItemBodiesTable {
  item_id: string;
  /** The FeedItem as JSON. */
  data: string;
}

export interface ArticlesTable {
  /**
   * Integer key the SQLite full-text index points at (a rowid that VACUUM cannot renumber), and the
   * ingestion cursor of `after=`: allocated in commit order (ingest-seq.ts). PostgreSQL returns it as a string.
   */
  seq: Generated<number | string>;
  id: string;
  feed_id: string;
  guid: string;
  url: string | null;
  title: string | null;
  authors: string;
  published_at: string | null;
  updated_at: string | null;
  summary: string;
  /** The HTML deflated (article-html.ts, migration 020); empty for no HTML. */
  content_html_deflated: Buffer;
  content_text: string;
  image_url: string | null;
  /** The image's alt text from the source (migration 010b). */
  image_alt: string | null;
  /** JSON list of Enclosure; null on articles stored before migration 014. */
  enclosures: string | null;
  categories: string;
  language: string | null;
  word_count: number;
  content_hash: string;
  fetched_at: string;
  /** published_at (never later than fetched_at) else fetched_at: the "newest first" key. */
  sort_at: string;
  /** The feed as it was when the article was saved, shown after the feed is deleted. */
  source_feed_url: string;
  source_feed_title: string | null;
  source_site_url: string | null;
  stored_at: string;
  row_updated_at: string;
  /** JSON ArticleProvenance: how the normalize stage made the article. */
  provenance: string | null;
}

/** Fingerprints of the blocks that open ('head') and close ('tail') a feed's items. */
export interface FeedBoilerplateTable {
  feed_id: string;
  edge: string;
  fingerprint: string;
  /** In how many of the feed's items the block was seen. */
  seen: number;
  /** The feed's boilerplate_items count when it was last seen: old fingerprints age out. */
  last_seen_item: number;
}

export interface ArticleSourcesTable {
  article_id: string;
  feed_id: string;
  guid: string;
  created_at: string;
  /** The copy's own URL and title (null on sources recorded before they were kept). */
  url: ColumnType<string | null, string | null | undefined, string | null>;
  title: ColumnType<string | null, string | null | undefined, string | null>;
  /** Jaccard similarity of the two texts' shingles: 1 for the same text. */
  similarity: ColumnType<number | null, number | null | undefined, number | null>;
}

/** MinHash band keys of an article's text (src/dedupe/minhash.ts), for near-duplicate lookups. */
export type ArticleFingerprintsTable = {
  /** bigint on PostgreSQL: handed back as a string. */
  article_seq: string | number;
  feed_id: string;
  /** Days since 1970-01-01 of when the article was stored: the lookup window. */
  day: number;
} & Record<BandColumn, number>;

export interface WebhooksTable {
  id: string;
  url: string;
  secret: string;
  /** JSON list of feed ids, or null for every feed. */
  feed_ids: string | null;
  events: string;
  active: number;
  disabled_reason: string | null;
  created_at: string;
  /** The secret before the last rotation; it signs too until previous_secret_until. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  /** webhookMatchKey of url, events and feeds: unique, so a subscription is never made twice. */
  match_key: string | null;
}

export interface DeliveriesTable {
  id: string;
  /** Exactly one of webhook_id and destination_id is set (migration 011). */
  webhook_id: string | null;
  destination_id: string | null;
  /** The post a destination delivery made or updated, once known. */
  remote_id: string | null;
  remote_url: string | null;
  article_id: string;
  event: string;
  /** The article revision announced: one delivery per (article, webhook, event, revision). */
  content_hash: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DestinationsTable {
  id: string;
  type: string;
  url: string;
  api_url: string;
  username: string;
  /** secret-box sealed application password. */
  password_sealed: string;
  post_status: string;
  feed_ids: string | null;
  author_id: number | null;
  categories: string;
  copy_categories: number;
  copy_tags: number;
  featured_image: number;
  template: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** One per (destination, article): the stable slug and, once known, the post it became. */
export interface DestinationPostsTable {
  destination_id: string;
  article_id: string;
  slug: string;
  remote_id: string | null;
  remote_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface FetchLogTable {
  id: string;
  feed_id: string;
  at: string;
  outcome: string;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
  /** Items the fetch staged that the store had never seen. */
  new_items: number;
  url: string | null;
  bytes: number | null;
  /** Items in the document. */
  items: number | null;
  /** Items seen before whose content changed. */
  updated_items: number | null;
  /** Items of this fetch the feed's filters dropped (counted by the article stage). */
  skipped: Generated<number>;
  warning: string | null;
}

/** Named counters that only grow (the SQLite article seq: see ingest-seq.ts). */
export interface CountersTable {
  name: string;
  /** bigint: PostgreSQL hands it back as a string. */
  value: string | number;
}

export interface Database {
  counters: CountersTable;
  feeds: FeedsTable;
  items: ItemsTable;
  item_bodies: ItemBodiesTable;
  articles: ArticlesTable;
  article_sources: ArticleSourcesTable;
  article_fingerprints: ArticleFingerprintsTable;
  feed_boilerplate: FeedBoilerplateTable;
  webhooks: WebhooksTable;
  deliveries: DeliveriesTable;
  destinations: DestinationsTable;
  destination_posts: DestinationPostsTable;
  fetch_log: FetchLogTable;
}
