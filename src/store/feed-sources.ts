/** A feed's source (RSS or a WordPress site's REST API), its site filter and its backfill position. */
import type { StoreContext } from './context.js';
import { backfillStateOf, wordpressFilterOf } from './feed-rows.js';
import { stageItems } from './item-staging.js';
import type { BackfillState, FeedSourceChoice, FeedSourceState, ResolvedWordPressFilter, SourceInUse, StagedItem, Store } from './types.js';
import { fromJson, iso, toJson } from './values.js';

interface StoredFilter {
  resolved?: ResolvedWordPressFilter | null;
}

export function feedSourceStore(ctx: StoreContext): Store['sources'] {
  const { db } = ctx;
  return {
    async get(feedId: string): Promise<FeedSourceState | null> {
      const row = await db
        .selectFrom('feeds')
        .select(['id', 'source', 'source_in_use', 'wordpress_api', 'wordpress_filter', 'backfill'])
        .where('id', '=', feedId)
        .executeTakeFirst();
      if (!row) return null;
      const stored = row.wordpress_filter === null ? null : fromJson<StoredFilter>(row.wordpress_filter, 'feeds.wordpress_filter', row.id);
      return {
        source: row.source as FeedSourceChoice,
        sourceInUse: row.source_in_use as SourceInUse | null,
        wordpressApi: row.wordpress_api,
        filter: wordpressFilterOf(row),
        resolved: stored?.resolved ?? null,
        backfill: backfillStateOf(row),
      };
    },

    async recordSource(feedId: string, update: { sourceInUse: SourceInUse; wordpressApi?: string | null }): Promise<void> {
      await db
        .updateTable('feeds')
        .set({
          source_in_use: update.sourceInUse,
          ...(update.wordpressApi !== undefined ? { wordpress_api: update.wordpressApi } : {}),
          updated_at: iso(new Date()),
        })
        .where('id', '=', feedId)
        .execute();
    },

    async saveResolvedFilter(feedId: string, resolved: ResolvedWordPressFilter): Promise<void> {
      await ctx.write(async (trx) => {
        const row = await trx.selectFrom('feeds').select(['id', 'wordpress_filter']).where('id', '=', feedId).executeTakeFirst();
        const filter = row ? wordpressFilterOf(row) : null;
        // A filter changed meanwhile is resolved again by the next fetch.
        if (!filter) return;
        await trx.updateTable('feeds').set({ wordpress_filter: toJson({ ...filter, resolved }) }).where('id', '=', feedId).execute();
      });
    },

    async stageBackfill(feedId: string, items: StagedItem[], state: BackfillState): Promise<{ pendingItemIds: string[] }> {
      const at = iso(new Date());
      // The items and the position that follows them land together: a restart neither skips nor repeats a step.
      return ctx.write(async (trx) => {
        const updated = await trx
          .updateTable('feeds')
          .set({ backfill: toJson({ ...state, touchedAt: at }), updated_at: at })
          .where('id', '=', feedId)
          .returning('id')
          .executeTakeFirst();
        if (!updated) return { pendingItemIds: [] };
        const staged = await stageItems(trx, feedId, items, at);
        return { pendingItemIds: staged.pendingItemIds };
      });
    },

    async runningBackfills(limit: number, now: Date, quietMs: number): Promise<{ feedId: string; step: number }[]> {
      const quietSince = new Date(now.getTime() - quietMs).toISOString();
      const rows = await db
        .selectFrom('feeds')
        .select(['id', 'backfill'])
        .where('backfill', 'is not', null)
        .where('backfill', 'like', '%"status":"running"%')
        .limit(limit)
        .execute();
      return rows.flatMap((row) => {
        const state = backfillStateOf(row);
        if (state?.status !== 'running') return [];
        // A step waiting out a Retry-After, or one that saved lately, has its job: only a quiet backfill lost it.
        const waiting = state.notBefore ? state.notBefore > now.toISOString() : false;
        const recent = state.touchedAt ? state.touchedAt > quietSince : false;
        return waiting || recent ? [] : [{ feedId: row.id, step: state.nextPage }];
      });
    },

    async saveBackfill(feedId: string, state: BackfillState | null): Promise<void> {
      await db
        .updateTable('feeds')
        .set({ backfill: state === null ? null : toJson({ ...state, touchedAt: iso(new Date()) }), updated_at: iso(new Date()) })
        .where('id', '=', feedId)
        .execute();
    },
  };
}
