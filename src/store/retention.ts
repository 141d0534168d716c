/**
 * RETENTION_DAYS: articles stored longer ago than that go (with their
 * deliveries, links and index entries, by cascade and trigger), and so do
 * finished deliveries (succeeded or failed) last touched before it. Pending
 * and paused deliveries stay whatever their age, and so do their articles:
 * they are work not yet done.
 * Deleted in batches so one sweep never holds the write lock for long.
 */
import { moveArticleCounts } from './article-counts.js';
import type { StoreContext } from './context.js';
import { pruneFingerprints } from './near-duplicates.js';
import type { Store } from './types.js';
import { countValue, iso } from './values.js';

export function retentionStore(ctx: StoreContext): Store['retention'] {
  const { db } = ctx;
  return {
    async pruneArticles(before: Date, limit: number): Promise<number> {
      return ctx.write(async (trx) => {
        const rows = await trx
          .selectFrom('articles')
          .select(['id', 'feed_id'])
          .where('stored_at', '<', iso(before))
          // An article still owed to a subscriber (pending or paused) waits until it is delivered.
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('deliveries')
                  .select('deliveries.id')
                  .whereRef('deliveries.article_id', '=', 'articles.id')
                  .where('deliveries.status', 'in', ['pending', 'paused']),
              ),
            ),
          )
          .orderBy('stored_at')
          .limit(limit)
          .execute();
        if (rows.length === 0) return 0;
        await trx
          .deleteFrom('articles')
          .where(
            'id',
            'in',
            rows.map((row) => row.id),
          )
          .execute();
        await moveArticleCounts(trx, rows.map((row) => row.feed_id), '-');
        return rows.length;
      });
    },

    pruneFingerprints: (now: Date) => pruneFingerprints(ctx.write, now, ctx.nearDuplicates),

    async pruneDeliveries(before: Date): Promise<number> {
      const result = await db
        .deleteFrom('deliveries')
        .where('status', 'in', ['succeeded', 'failed'])
        .where('updated_at', '<', iso(before))
        .executeTakeFirst();
      return countValue(result.numDeletedRows);
    },
  };
}
