/** A `feeds` row as the API's Feed object, and the reverse for the JSON columns. */
import type { Selectable } from 'kysely';
import type { FeedKind, FeedReplacement, FullTextMode, ScheduleMode, ScheduleReason } from '../core/model.js';
import type {
  BackfillState,
  Feed,
  FeedFetchState,
  FeedRequestOptions,
  FeedSourceChoice,
  FeedStatus,
  SourceInUse,
  StoredRequestOptions,
  WebSubStatus,
  WordPressFilter,
  FeedRules,
} from './types.js';
import type { FeedsTable } from './schema.js';
import { fromJson, toJson } from './values.js';

export type FeedRow = Selectable<FeedsTable>;

const NO_REQUEST_OPTIONS: FeedRequestOptions = { headers: {}, userAgent: null, basicAuth: null };

function storedRequestOptions(row: FeedRow): StoredRequestOptions | null {
  return row.fetch_options === null ? null : fromJson<StoredRequestOptions>(row.fetch_options, 'feeds.fetch_options', row.id);
}

function shownRequestOptions(stored: StoredRequestOptions | null): FeedRequestOptions {
  if (stored === null) return NO_REQUEST_OPTIONS;
  return { headers: stored.headers, userAgent: stored.userAgent, basicAuth: stored.basicAuth ? { username: stored.basicAuth.username } : null };
}

export function toFeed(row: FeedRow, defaultPollSeconds: number): Feed {
  const schedule = row.schedule_mode as ScheduleMode;
  return {
    id: row.id,
    url: row.url,
    title: row.user_title ?? row.title,
    siteUrl: row.site_url,
    kind: row.kind as FeedKind | null,
    status: row.status as FeedStatus,
    pollIntervalSeconds: row.requested_poll_seconds ?? defaultPollSeconds,
    fullText: row.full_text as FullTextMode,
    include: fromJson<string[]>(row.include_terms, 'feeds.include_terms', row.id),
    exclude: fromJson<string[]>(row.exclude_terms, 'feeds.exclude_terms', row.id),
    tags: fromJson<string[]>(row.tags, 'feeds.tags', row.id),
    lastFetchedAt: row.last_fetched_at,
    lastSuccessAt: row.last_success_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastWarning: row.last_warning,
    consecutiveFailures: row.consecutive_failures,
    nextFetchAt: row.next_fetch_at,
    articleCount: row.article_count,
    filteredCount: row.filtered_count,
    createdAt: row.created_at,
    schedule,
    // Before its first fetch a feed runs on the interval it was registered with.
    effectivePollSeconds: row.effective_poll_seconds ?? row.requested_poll_seconds ?? defaultPollSeconds,
    scheduleReason: (row.schedule_reason as ScheduleReason | null) ?? (schedule === 'fixed' ? 'fixed' : 'adaptive'),
    websub: {
      hub: row.websub_hub,
      status: row.websub_status as WebSubStatus,
      leaseExpiresAt: row.websub_lease_expires_at,
    },
    fetch: shownRequestOptions(storedRequestOptions(row)),
    source: row.source as FeedSourceChoice,
    sourceInUse: row.source_in_use as SourceInUse | null,
    wordpress: wordpressFilterOf(row),
    backfill: backfillProgressOf(row),
    rules: feedRulesOf(row),
    skipped: { count: row.skipped_count, lastReason: row.last_skip_reason },
  };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * The feed's cleaning settings, each field defaulted: rows written before a field existed (or by hand)
 * read as "no such rule" rather than failing. Whether the rules compile is the cleaning stage's to check.
 */
export function feedRulesOf(row: Pick<FeedRow, 'id' | 'rules'>): FeedRules {
  const stored = row.rules === null ? {} : fromJson<Partial<Record<keyof FeedRules, unknown>>>(row.rules, 'feeds.rules', row.id);
  const replace = Array.isArray(stored.replace) ? stored.replace : [];
  return {
    disable: strings(stored.disable),
    remove: strings(stored.remove),
    body: typeof stored.body === 'string' ? stored.body : null,
    replace: replace
      .filter((r): r is FeedReplacement => typeof r?.pattern === 'string' && typeof r?.replacement === 'string')
      .map((r) => (typeof r.flags === 'string' ? { pattern: r.pattern, replacement: r.replacement, flags: r.flags } : { pattern: r.pattern, replacement: r.replacement })),
  };
}

/** The `rules` column for `rules`: null when nothing is set (every rule runs, the feed has none of its own). */
export function rulesColumn(rules: FeedRules | null | undefined): string | null {
  if (!rules) return null;
  const empty = rules.disable.length === 0 && rules.remove.length === 0 && rules.body === null && rules.replace.length === 0;
  return empty ? null : toJson(rules);
}

export function wordpressFilterOf(row: Pick<FeedRow, 'id' | 'wordpress_filter'>): WordPressFilter | null {
  if (row.wordpress_filter === null) return null;
  const stored = fromJson<WordPressFilter>(row.wordpress_filter, 'feeds.wordpress_filter', row.id);
  return { categories: stored.categories, tags: stored.tags, postType: stored.postType ?? null };
}

export function backfillStateOf(row: Pick<FeedRow, 'id' | 'backfill'>): BackfillState | null {
  return row.backfill === null ? null : fromJson<BackfillState>(row.backfill, 'feeds.backfill', row.id);
}

function backfillProgressOf(row: FeedRow): Feed['backfill'] {
  const state = backfillStateOf(row);
  return state ? { status: state.status, fetched: state.fetched, limit: state.limit, error: state.error ?? null } : null;
}

export function toFetchState(row: FeedRow, defaultPollSeconds: number): FeedFetchState {
  return {
    feed: toFeed(row, defaultPollSeconds),
    requestedPollSeconds: row.requested_poll_seconds,
    etag: row.etag,
    lastModified: row.last_modified,
    declaredTtlSeconds: row.declared_ttl_seconds,
    publishingSeconds: row.publishing_seconds,
    request: storedRequestOptions(row),
  };
}
