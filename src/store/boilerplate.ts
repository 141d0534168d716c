/**
 * Per-feed fingerprints of the blocks that open and close its items (see
 * src/normalize/boilerplate.ts). Each fingerprint keeps a score that fades
 * with every item of the feed that lacks it, so "seen in most recent items"
 * needs no per-item history: a block present in every item scores the most
 * a score can reach after that many items, one present in a third scores a
 * third of it.
 */
import type { EdgePrint, LearnedBoilerplate } from '../normalize/boilerplate.js';
import type { Kysely } from 'kysely';
import type { StoreContext } from './context.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/** Scores are kept as integers (both dialects' integer column) in thousandths. */
const SCALE = 1000;

export interface BoilerplatePolicy {
  minItems: number;
  /** 0..1: the share of recent items a block must be in. */
  share: number;
  /** How many items "recent" means. */
  window: number;
}

const fade = (window: number) => 1 - 1 / window;

interface PrintScore {
  edge: string;
  fingerprint: string;
  seen: number;
  lastSeenItem: number;
}

/**
 * Counts items of the feed, in order, and their edge fingerprints, inside the
 * caller's write transaction: four statements for the whole batch. The scores
 * are carried from item to item here exactly as if each item were counted on
 * its own, including the fade-out: a print unseen for more than a window is
 * dropped after the item that finds it so, and starts again from nothing if a
 * later item of the batch has it again.
 */
export async function observeBoilerplate(trx: Kysely<Database>, feedId: string, printsPerItem: readonly (readonly EdgePrint[])[], window: number): Promise<void> {
  // The feed row's update serializes the observers of one feed (a row lock on PostgreSQL).
  const feed = await trx
    .updateTable('feeds')
    .set((eb) => ({ boilerplate_items: eb('boilerplate_items', '+', printsPerItem.length) }))
    .where('id', '=', feedId)
    .returning('boilerplate_items')
    .executeTakeFirst();
  if (!feed) return;
  const last = Number(feed.boilerplate_items);
  const first = last - printsPerItem.length + 1;
  const fingerprints = [...new Set(printsPerItem.flat().map((p) => p.fingerprint))];
  const scores = new Map<string, PrintScore>();
  if (fingerprints.length > 0) {
    const known = await trx
      .selectFrom('feed_boilerplate')
      .select(['edge', 'fingerprint', 'seen', 'last_seen_item'])
      .where('feed_id', '=', feedId)
      .where('fingerprint', 'in', fingerprints)
      .execute();
    for (const row of known) {
      scores.set(`${row.edge}:${row.fingerprint}`, { edge: row.edge, fingerprint: row.fingerprint, seen: Number(row.seen), lastSeenItem: Number(row.last_seen_item) });
    }
  }
  const touched = new Set<string>();
  printsPerItem.forEach((prints, index) => {
    const n = first + index;
    for (const print of prints) {
      const key = `${print.edge}:${print.fingerprint}`;
      // Counted twice in one item: once.
      if (scores.get(key)?.lastSeenItem === n) continue;
      const score = scores.get(key);
      // Dropped by the previous item's sweep (last seen before its count minus a window): starts again.
      const live = score !== undefined && score.lastSeenItem >= n - 1 - window;
      const before = live ? (score.seen / SCALE) * fade(window) ** (n - score.lastSeenItem) : 0;
      scores.set(key, { edge: print.edge, fingerprint: print.fingerprint, seen: Math.round((before + 1) * SCALE), lastSeenItem: n });
      touched.add(key);
    }
  });
  const rows = [...touched]
    .map((key) => scores.get(key)!)
    // What the sweep below drops anyway is not written.
    .filter((score) => score.lastSeenItem >= last - window)
    .map((score) => ({ feed_id: feedId, edge: score.edge, fingerprint: score.fingerprint, seen: score.seen, last_seen_item: score.lastSeenItem }));
  if (rows.length > 0) {
    await trx
      .insertInto('feed_boilerplate')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['feed_id', 'edge', 'fingerprint']).doUpdateSet((eb) => ({ seen: eb.ref('excluded.seen'), last_seen_item: eb.ref('excluded.last_seen_item') })),
      )
      .execute();
  }
  // Blocks not seen for a whole window have faded to nothing that matters: bounded rows per feed.
  await trx.deleteFrom('feed_boilerplate').where('feed_id', '=', feedId).where('last_seen_item', '<', last - window).execute();
}

export function boilerplateStore(ctx: StoreContext): Store['boilerplate'] {
  const { db } = ctx;

  return {
    observe: (feedId, prints, window) => ctx.write((trx) => observeBoilerplate(trx, feedId, [prints], window)),

    async observeMany(feedId, printsPerItem, window): Promise<void> {
      if (printsPerItem.length === 0) return;
      await ctx.write((trx) => observeBoilerplate(trx, feedId, printsPerItem, window));
    },

    async learned(feedId: string, policy: BoilerplatePolicy): Promise<LearnedBoilerplate> {
      const head = new Set<string>();
      const tail = new Set<string>();
      const feed = await db.selectFrom('feeds').select('boilerplate_items').where('id', '=', feedId).executeTakeFirst();
      const n = Number(feed?.boilerplate_items ?? 0);
      if (n < policy.minItems) return { head, tail };
      const d = fade(policy.window);
      // The score of a block present in every one of the last n items.
      const full = (1 - d ** n) / (1 - d);
      const rows = await db
        .selectFrom('feed_boilerplate')
        .select(['edge', 'fingerprint', 'seen', 'last_seen_item'])
        .where('feed_id', '=', feedId)
        .execute();
      for (const row of rows) {
        const score = (Number(row.seen) / SCALE) * d ** (n - Number(row.last_seen_item));
        if (score / full < policy.share) continue;
        (row.edge === 'head' ? head : tail).add(row.fingerprint);
      }
      return { head, tail };
    },
  };
}
