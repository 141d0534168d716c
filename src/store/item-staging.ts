/**
 * Staging a fetched document's items: the inbox between the fetch and the
 * article stage. An item is (re)queued only when it is new or its content
 * changed, which is what keeps a poll of an unchanged feed nearly free.
 */
import type { Insertable, Kysely } from 'kysely';
import { newId } from './ids.js';
import type { Database, ItemsTable } from './schema.js';
import type { StagedItem } from './types.js';
import { chunks, toJson } from './values.js';

/** Bound parameters per statement stay far below SQLite's 32,766 and PostgreSQL's 65,535. */
const LOOKUP_CHUNK = 1_000;
const INSERT_CHUNK = 500;

export interface StagingOutcome {
  /** New and changed items, now pending. */
  pendingItemIds: string[];
  inserted: number;
  changed: number;
}

/** A document may repeat a guid; the first occurrence is the one a reader sees first, so it wins. */
function firstOfEachGuid(items: StagedItem[]): StagedItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.guidHash)) return false;
    seen.add(item.guidHash);
    return true;
  });
}

export async function stageItems(trx: Kysely<Database>, feedId: string, items: StagedItem[], at: string): Promise<StagingOutcome> {
  const unique = firstOfEachGuid(items);
  const known = new Map<string, { id: string; itemHash: string }>();
  // One query for a document of ordinary size (chunked only for huge ones).
  for (const hashes of chunks(unique.map((item) => item.guidHash), LOOKUP_CHUNK)) {
    const rows = await trx
      .selectFrom('items')
      .select(['id', 'guid_hash', 'item_hash'])
      .where('feed_id', '=', feedId)
      .where('guid_hash', 'in', hashes)
      .execute();
    for (const row of rows) known.set(row.guid_hash, { id: row.id, itemHash: row.item_hash });
  }

  const fresh: { row: Insertable<ItemsTable>; data: string }[] = [];
  const changed: { id: string; item: StagedItem }[] = [];
  const fetchedMs = Date.parse(at);
  for (const [position, item] of unique.entries()) {
    const existing = known.get(item.guidHash);
    if (!existing) {
      fresh.push({
        row: {
          id: newId(),
          feed_id: feedId,
          guid: item.guid,
          guid_hash: item.guidHash,
          item_hash: item.itemHash,
          status: 'pending',
          article_id: null,
          error: null,
          // One millisecond earlier per place down the document: items without a date of their own sort
          // in the order the feed lists them (the first on top), whatever order the article stage takes.
          created_at: new Date(fetchedMs - position).toISOString(),
          updated_at: at,
        },
        data: toJson(item.item),
      });
    } else if (existing.itemHash !== item.itemHash) {
      changed.push({ id: existing.id, item });
    }
  }

  const pendingItemIds: string[] = [];
  for (const batch of chunks(fresh, INSERT_CHUNK)) {
    // A concurrent fetch of the same feed may have staged some already: those are its to announce.
    const inserted = await trx
      .insertInto('items')
      .values(batch.map(({ row }) => row))
      .onConflict((oc) => oc.columns(['feed_id', 'guid_hash']).doNothing())
      .returning('id')
      .execute();
    const insertedIds = new Set(inserted.map((row) => row.id));
    // In document order (RETURNING promises none), so callers can enqueue newest first.
    const mine = batch.filter(({ row }) => insertedIds.has(row.id));
    if (mine.length > 0) await trx.insertInto('item_bodies').values(mine.map(({ row, data }) => ({ item_id: row.id, data }))).execute();
    pendingItemIds.push(...mine.map(({ row }) => row.id));
  }
  const insertedCount = pendingItemIds.length;
  // Changes are rare (an edited post), so one statement each is cheaper than a bulk rewrite.
  for (const { id, item } of changed) {
    await trx.updateTable('items').set({ item_hash: item.itemHash, status: 'pending', error: null, updated_at: at }).where('id', '=', id).execute();
    // A settled item has no body left; a failed one still has its old one.
    const data = toJson(item.item);
    await trx
      .insertInto('item_bodies')
      .values({ item_id: id, data })
      .onConflict((oc) => oc.column('item_id').doUpdateSet({ data }))
      .execute();
    pendingItemIds.push(id);
  }
  return { pendingItemIds, inserted: insertedCount, changed: changed.length };
}
