/** The staged items the article stage works from (staging itself is in item-staging.ts). */
import type { Kysely, Selectable } from 'kysely';
import type { FeedItem } from '../core/model.js';
import type { StoreContext } from './context.js';
import { countSkippedInNewestFetch } from './fetch-log.js';
import type { Database, ItemBodiesTable, ItemsTable } from './schema.js';
import type { PendingItem, Store } from './types.js';
import { fromJson, iso } from './values.js';

function toPendingItem(row: Pick<Selectable<ItemsTable>, 'id' | 'feed_id' | 'guid_hash'> & Pick<Selectable<ItemBodiesTable>, 'data'>): PendingItem {
  return { id: row.id, feedId: row.feed_id, guidHash: row.guid_hash, item: fromJson<FeedItem>(row.data, 'item_bodies.data', row.id) };
}

/**
 * Items with their bodies. A settled item has none (the 019 trigger deleted it: its guid and hash stay in
 * `items`, to tell a later change from a repeat), so only items that wait for the article stage come back.
 */
function withBodies(db: Kysely<Database>) {
  return db
    .selectFrom('items')
    .innerJoin('item_bodies', 'item_bodies.item_id', 'items.id')
    .select(['items.id', 'items.feed_id', 'items.guid_hash', 'item_bodies.data']);
}

/** Items in these states wait for the article stage (a failed one may be retried). */
const OPEN_STATUSES = ['pending', 'failed'];

export function itemStore(ctx: StoreContext): Store['items'] {
  const { db } = ctx;

  /** Closes an item without an article; a later change of the item in its feed makes it pending again. */
  async function close(id: string, status: 'failed' | 'skipped', why: string): Promise<void> {
    await db.updateTable('items').set({ status, error: why, updated_at: iso(new Date()) }).where('id', '=', id).execute();
  }

  return {
    async get(id: string): Promise<PendingItem | null> {
      const row = await withBodies(db).where('items.id', '=', id).where('items.status', 'in', OPEN_STATUSES).executeTakeFirst();
      return row ? toPendingItem(row) : null;
    },

    async getMany(ids: readonly string[]): Promise<PendingItem[]> {
      if (ids.length === 0) return [];
      const rows = await withBodies(db).where('items.id', 'in', [...ids]).where('items.status', 'in', OPEN_STATUSES).execute();
      return rows.map(toPendingItem);
    },

    async pending(limit: number): Promise<PendingItem[]> {
      const rows = await withBodies(db).where('items.status', '=', 'pending').orderBy('items.updated_at').orderBy('items.id').limit(limit).execute();
      return rows.map(toPendingItem);
    },

    async pendingIds(limit: number, stagedBefore?: Date): Promise<{ id: string; feedId: string }[]> {
      const rows = await db
        .selectFrom('items')
        .select(['id', 'feed_id'])
        .where('status', '=', 'pending')
        .$if(stagedBefore !== undefined, (select) => select.where('updated_at', '<', iso(stagedBefore!)))
        .orderBy('updated_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ id: row.id, feedId: row.feed_id }));
    },

    markFailed: (id, error) => close(id, 'failed', error),
    async markSkipped(id: string, reason: string): Promise<void> {
      await ctx.write(async (trx) => {
        const closed = await trx
          .updateTable('items')
          .set({ status: 'skipped', error: reason, updated_at: iso(new Date()) })
          .where('id', '=', id)
          .where('status', '<>', 'skipped')
          .returning('feed_id')
          .executeTakeFirst();
        // A job run twice counts the item once.
        if (!closed) return;
        await countSkippedInNewestFetch(trx, closed.feed_id);
        await trx
          .updateTable('feeds')
          .set((eb) => ({ filtered_count: eb('filtered_count', '+', 1) }))
          .where('id', '=', closed.feed_id)
          .execute();
      });
    },

    async markNotAnArticle(id: string, feedId: string, reason: string): Promise<void> {
      await ctx.write(async (trx) => {
        const closed = await trx
          .updateTable('items')
          .set({ status: 'skipped', error: reason, updated_at: iso(new Date()) })
          .where('id', '=', id)
          .where('status', '<>', 'skipped')
          .executeTakeFirst();
        // A job run twice counts the item once.
        if (Number(closed.numUpdatedRows) === 0) return;
        await countSkippedInNewestFetch(trx, feedId);
        await trx
          .updateTable('feeds')
          .set((eb) => ({ skipped_count: eb('skipped_count', '+', 1), last_skip_reason: reason }))
          .where('id', '=', feedId)
          .execute();
      });
    },
  };
}
