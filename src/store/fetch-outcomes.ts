/**
 * What a fetch did to a feed: each outcome is one transaction that moves the
 * feed's state, appends to its fetch log and (on success) stages the items.
 * A feed deleted while its fetch ran, or moved to another URL meanwhile (an
 * edit, discovery: FetchRequestFacts.feedUrl), is left alone: the outcome is
 * dropped.
 */
import { sql, type UpdateObject, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { StoreContext } from './context.js';
import { toFeed } from './feed-rows.js';
import { appendFetchLog } from './fetch-log.js';
import { stageItems } from './item-staging.js';
import type { Database } from './schema.js';
import type { Feed, FetchFailure, FetchNotModified, FetchRequestFacts, FetchSuccess, ScheduleDecision, Store } from './types.js';
import { iso } from './values.js';

/** A person paused the feed: a manual fetch's outcome must not resume polling. */
const ACTIVE_UNLESS_PAUSED = sql<string>`case when status = 'paused' then status else 'active' end`;

/** The feed's update, narrowed to its row only while the feed is still at the URL the fetch was for. */
function stillAt(result: FetchRequestFacts) {
  return (update: UpdateQueryBuilder<Database, 'feeds', 'feeds', UpdateResult>) =>
    result.feedUrl === undefined ? update : update.where('url', '=', result.feedUrl);
}

function scheduleColumns(decision: ScheduleDecision) {
  return {
    next_fetch_at: iso(decision.nextFetchAt),
    effective_poll_seconds: decision.effectivePollSeconds,
    schedule_reason: decision.scheduleReason,
  };
}

export type FetchOutcomeStore = Pick<Store['feeds'], 'recordSuccess' | 'recordNotModified' | 'recordFailure'>;

export function fetchOutcomeStore(ctx: StoreContext): FetchOutcomeStore {
  return {
    async recordSuccess(id: string, result: FetchSuccess): Promise<{ recorded: boolean; pendingItemIds: string[] }> {
      const at = iso(result.at);
      return ctx.write(async (trx) => {
        const set: UpdateObject<Database, 'feeds'> = {
          status: ACTIVE_UNLESS_PAUSED,
          consecutive_failures: 0,
          last_fetched_at: at,
          last_success_at: at,
          last_status: result.httpStatus,
          last_error: null,
          // Cleared by a clean document, so it always describes the last one read.
          last_warning: result.warning ?? null,
          etag: result.etag,
          last_modified: result.lastModified,
          ...scheduleColumns(result),
          declared_ttl_seconds: result.declaredTtlSeconds ?? null,
          publishing_seconds: result.publishingSeconds ?? null,
          updated_at: at,
        };
        // The feed's own title is kept apart from the user's, which still wins on display.
        if (result.feedTitle !== null) set.title = result.feedTitle;
        if (result.siteUrl !== null) set.site_url = result.siteUrl;
        if (result.kind !== null) set.kind = result.kind;
        if (result.newUrl !== null) {
          const taken = await trx
            .selectFrom('feeds')
            .select('id')
            .where('url', '=', result.newUrl)
            .where('id', '<>', id)
            .executeTakeFirst();
          // Two registrations that now redirect to one URL stay two feeds rather than fail every fetch.
          if (taken) ctx.log.warn({ feedId: id, newUrl: result.newUrl, otherFeedId: taken.id }, 'feed moved to a URL another feed has');
          else set.url = result.newUrl;
        }
        const updated = await trx
          .updateTable('feeds')
          .set(set)
          .where('id', '=', id)
          .$call(stillAt(result))
          .returning('id')
          .executeTakeFirst();
        if (!updated) return { recorded: false, pendingItemIds: [] };

        const staged = await stageItems(trx, id, result.items, at);
        await appendFetchLog(trx, {
          feed_id: id,
          at,
          outcome: 'ok',
          http_status: result.httpStatus,
          error: null,
          duration_ms: Math.round(result.durationMs),
          new_items: staged.inserted,
          updated_items: staged.changed,
          items: result.items.length,
          url: result.url ?? null,
          bytes: result.bytes ?? null,
          warning: result.warning ?? null,
        });
        return { recorded: true, pendingItemIds: staged.pendingItemIds };
      });
    },

    async recordNotModified(id: string, result: FetchNotModified): Promise<void> {
      const at = iso(result.at);
      await ctx.write(async (trx) => {
        const updated = await trx
          .updateTable('feeds')
          .set({
            status: ACTIVE_UNLESS_PAUSED,
            consecutive_failures: 0,
            last_fetched_at: at,
            last_success_at: at,
            last_status: 304,
            last_error: null,
            ...scheduleColumns(result),
            updated_at: at,
          })
          .where('id', '=', id)
          .$call(stillAt(result))
          .returning('id')
          .executeTakeFirst();
        if (!updated) return;
        await appendFetchLog(trx, {
          feed_id: id,
          at,
          outcome: 'not_modified',
          http_status: 304,
          error: null,
          duration_ms: Math.round(result.durationMs),
          new_items: 0,
          updated_items: 0,
          items: null,
          url: result.url ?? null,
          bytes: result.bytes ?? null,
          warning: null,
        });
      });
    },

    async recordFailure(id: string, result: FetchFailure): Promise<Feed | null> {
      const at = iso(result.at);
      const error = `${result.code}: ${result.message}`;
      return ctx.write(async (trx) => {
        // Computed in SQL from the row itself so the count never goes back under a concurrent write.
        const status = result.gone
          ? sql<string>`'gone'`
          : sql<string>`case
              when status in ('paused', 'gone') then status
              when consecutive_failures + 1 >= ${result.failingAfter} then 'failing'
              else status end`;
        const row = await trx
          .updateTable('feeds')
          .set({
            status,
            consecutive_failures: sql<number>`consecutive_failures + 1`,
            last_fetched_at: at,
            last_status: result.httpStatus,
            last_error: error,
            ...scheduleColumns(result),
            // A gone feed is not polled again; null keeps it out of every schedule.
            ...(result.gone ? { next_fetch_at: null } : {}),
            updated_at: at,
          })
          .where('id', '=', id)
          .$call(stillAt(result))
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        await appendFetchLog(trx, {
          feed_id: id,
          at,
          outcome: 'error',
          http_status: result.httpStatus,
          error,
          duration_ms: Math.round(result.durationMs),
          new_items: 0,
          updated_items: 0,
          items: null,
          url: result.url ?? null,
          bytes: result.bytes ?? null,
          warning: null,
        });
        return toFeed(row, ctx.defaultPollSeconds);
      });
    },
  };
}
