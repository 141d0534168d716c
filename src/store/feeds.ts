/** Registering, reading, changing and scheduling feeds (the fetch outcomes live in fetch-outcomes.ts). */
import { sql, type Expression, type SqlBool, type Updateable } from 'kysely';
import { FeedloomError } from '../core/errors.js';
import type { StoreContext } from './context.js';
import { decodeCursor, toPage } from './cursor.js';
import { rulesColumn, toFeed, toFetchState, type FeedRow } from './feed-rows.js';
import { newId } from './ids.js';
import type { FeedsTable } from './schema.js';
import type { BackfillProgress, Feed, FeedCreate, FeedFetchState, FeedPatch, FeedStatus, Page, Store } from './types.js';
import { chunks, countsByStatus, fromJson, iso, toJson } from './values.js';
import { NO_WEBSUB_SUBSCRIPTION } from './websub.js';

const FEED_STATUSES: readonly FeedStatus[] = ['active', 'paused', 'failing', 'gone'];
/** Statuses the scheduler polls; paused and gone feeds wait for a person. */
const POLLED_STATUSES: FeedStatus[] = ['active', 'failing'];

export type FeedStoreBase = Omit<
  Store['feeds'],
  'recordSuccess' | 'recordNotModified' | 'recordFailure' | 'fetchLog' | 'fetchHistory' | 'pruneFetchLog'
>;

export function feedStore(ctx: StoreContext): FeedStoreBase {
  const { db } = ctx;
  const asFeed = (row: FeedRow): Feed => toFeed(row, ctx.defaultPollSeconds);

  async function findByUrl(url: string): Promise<Feed | null> {
    const row = await db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
    return row ? asFeed(row) : null;
  }

  async function get(id: string): Promise<Feed | null> {
    const row = await db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? asFeed(row) : null;
  }

  /** JSON-list membership, spelled per dialect (both use the index-free scan; tags are few). */
  function hasTag(tag: string): Expression<SqlBool> {
    return ctx.dialect === 'postgres'
      ? sql<SqlBool>`(feeds.tags::jsonb @> jsonb_build_array(${tag}::text))`
      : sql<SqlBool>`exists (select 1 from json_each(feeds.tags) where json_each.value = ${tag})`;
  }

  return {
    async create(input: FeedCreate): Promise<{ feed: Feed; created: boolean }> {
      const now = iso(new Date());
      // The unique url decides a race between two registrations: the loser reads the winner's row.
      const inserted = await db
        .insertInto('feeds')
        .values({
          id: newId(),
          url: input.url,
          title: null,
          user_title: input.title ?? null,
          site_url: null,
          kind: null,
          status: 'active',
          requested_poll_seconds: input.pollIntervalSeconds ?? null,
          full_text: input.fullText,
          include_terms: toJson(input.include),
          exclude_terms: toJson(input.exclude),
          tags: toJson(input.tags),
          etag: null,
          last_modified: null,
          last_fetched_at: null,
          last_success_at: null,
          last_status: null,
          last_error: null,
          consecutive_failures: 0,
          next_fetch_at: iso(input.nextFetchAt),
          article_count: 0,
          created_at: now,
          updated_at: now,
          schedule_mode: input.schedule ?? 'adaptive',
          effective_poll_seconds: null,
          schedule_reason: null,
          declared_ttl_seconds: null,
          publishing_seconds: null,
          fetch_options: input.request ? toJson(input.request) : null,
          rules: rulesColumn(input.rules),
          ...NO_WEBSUB_SUBSCRIPTION,
          source: input.source ?? 'auto',
          source_in_use: null,
          wordpress_api: input.wordpressApi ?? null,
          wordpress_filter: input.wordpress ? toJson(input.wordpress) : null,
          backfill: null,
        })
        .onConflict((oc) => oc.column('url').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { feed: asFeed(inserted), created: true };
      const existing = await findByUrl(input.url);
      if (!existing) {
        throw new FeedloomError('STORE_CONFLICT', `feed ${input.url} conflicted with a row that is gone; try again`, {
          details: { url: input.url },
        });
      }
      return { feed: existing, created: false };
    },

    get,
    findByUrl,

    async getFetchState(id: string): Promise<FeedFetchState | null> {
      const row = await db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toFetchState(row, ctx.defaultPollSeconds) : null;
    },

    async list(query): Promise<Page<Feed>> {
      let select = db.selectFrom('feeds').selectAll();
      if (query.status) select = select.where('status', '=', query.status);
      if (query.tag) select = select.where(hasTag(query.tag));
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        select = select.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(after.at, after.id)));
      }
      const rows = await select.orderBy('created_at').orderBy('id').limit(query.limit + 1).execute();
      return toPage(rows, query.limit, (row) => ({ at: row.created_at, id: row.id }), asFeed);
    },

    async all(): Promise<Feed[]> {
      const rows = await db.selectFrom('feeds').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(asFeed);
    },

    async update(id: string, patch: FeedPatch): Promise<Feed | null> {
      const set: Updateable<FeedsTable> = { updated_at: iso(new Date()) };
      if (patch.url !== undefined) set.url = patch.url;
      if (patch.title !== undefined) set.user_title = patch.title;
      if (patch.pollIntervalSeconds !== undefined) set.requested_poll_seconds = patch.pollIntervalSeconds;
      if (patch.fullText !== undefined) set.full_text = patch.fullText;
      if (patch.include !== undefined) set.include_terms = toJson(patch.include);
      if (patch.exclude !== undefined) set.exclude_terms = toJson(patch.exclude);
      if (patch.tags !== undefined) set.tags = toJson(patch.tags);
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.schedule !== undefined) set.schedule_mode = patch.schedule;
      if (patch.request !== undefined) set.fetch_options = patch.request === null ? null : toJson(patch.request);
      if (patch.rules !== undefined) set.rules = rulesColumn(patch.rules);
      // A changed interval or mode is the new plan until the next fetch decides again.
      if (patch.schedule !== undefined || patch.pollIntervalSeconds !== undefined) {
        set.effective_poll_seconds = null;
        set.schedule_reason = null;
      }
      if (patch.nextFetchAt !== undefined) set.next_fetch_at = iso(patch.nextFetchAt);
      if (patch.source !== undefined) set.source = patch.source;
      if (patch.wordpress !== undefined) set.wordpress_filter = patch.wordpress ? toJson(patch.wordpress) : null;
      const row = await db.updateTable('feeds').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row ? asFeed(row) : null;
    },

    async delete(id: string, options: { purge: boolean }): Promise<boolean> {
      return ctx.write(async (trx) => {
        if (options.purge) {
          // Deliveries, links and the search index follow by cascade and trigger.
          await trx.deleteFrom('articles').where('feed_id', '=', id).execute();
        } else {
          // The articles stay and keep showing where they came from.
          const feed = await trx.selectFrom('feeds').select(['url', 'title', 'user_title', 'site_url']).where('id', '=', id).executeTakeFirst();
          if (!feed) return false;
          await trx
            .updateTable('articles')
            .set({ source_feed_url: feed.url, source_feed_title: feed.user_title ?? feed.title, source_site_url: feed.site_url })
            .where('feed_id', '=', id)
            .execute();
        }
        const result = await trx.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },

    async backfillCounts() {
      const rows = await db.selectFrom('feeds').select(['id', 'backfill']).where('backfill', 'is not', null).execute();
      const byStatus: Record<BackfillProgress['status'], number> = { running: 0, done: 0, failed: 0 };
      let runningItems = 0;
      for (const row of rows) {
        const progress = fromJson<BackfillProgress | null>(row.backfill ?? 'null', 'feeds.backfill', row.id);
        if (progress === null || !(progress.status in byStatus)) continue;
        byStatus[progress.status] += 1;
        if (progress.status === 'running') runningItems += progress.fetched;
      }
      return { byStatus, runningItems };
    },

    async makeDue(which: { ids: string[] } | { tag: string }, now: Date): Promise<string[]> {
      const at = iso(now);
      if ('tag' in which) {
        const rows = await db.updateTable('feeds').set({ next_fetch_at: at }).where(hasTag(which.tag)).returning('id').execute();
        return rows.map((row) => row.id);
      }
      const found: string[] = [];
      // Bound parameters per statement stay far below both dialects' limits.
      for (const slice of chunks(which.ids, 1_000)) {
        const rows = await db.updateTable('feeds').set({ next_fetch_at: at }).where('id', 'in', slice).returning('id').execute();
        found.push(...rows.map((row) => row.id));
      }
      return found;
    },

    async due(now: Date, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('feeds')
        .select('id')
        .where('next_fetch_at', '<=', iso(now))
        .where('status', 'in', POLLED_STATUSES)
        .orderBy('next_fetch_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },

    async countByStatus(): Promise<Record<FeedStatus, number>> {
      const rows = await db
        .selectFrom('feeds')
        .select((eb) => ['status', eb.fn.countAll<string | number>().as('count')])
        .groupBy('status')
        .execute();
      return countsByStatus(FEED_STATUSES, rows);
    },
  };
}
