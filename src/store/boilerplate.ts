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

/** Counts one item of the feed and its edge fingerprints, inside the caller's write transaction. */
async function observeIn(trx: Kysely<Database>, feedId: string, prints: readonly EdgePrint[], window: number): Promise<void> {
  // The feed row's update serializes the observers of one feed (a row lock on PostgreSQL).
  const feed = await trx
    .updateTable('feeds')
    .set((eb) => ({ boilerplate_items: eb('boilerplate_items', '+', 1) }))
    .where('id', '=', feedId)
    .returning('boilerplate_items')
    .executeTakeFirst();
  if (!feed) return;
  const n = Number(feed.boilerplate_items);
  const unique = [...new Map(prints.map((p) => [`${p.edge}:${p.fingerprint}`, p])).values()];
  if (unique.length > 0) {
    const known = await trx
      .selectFrom('feed_boilerplate')
      .select(['edge', 'fingerprint', 'seen', 'last_seen_item'])
      .where('feed_id', '=', feedId)
      .where('fingerprint', 'in', unique.map((p) => p.fingerprint))
      .execute();
    const byKey = new Map(known.map((row) => [`${row.edge}:${row.fingerprint}`, row]));
    const rows = unique.map((print) => {
      const row = byKey.get(`${print.edge}:${print.fingerprint}`);
      const before = row ? (Number(row.seen) / SCALE) * fade(window) ** (n - Number(row.last_seen_item)) : 0;
      return { feed_id: feedId, edge: print.edge, fingerprint: print.fingerprint, seen: Math.round((before + 1) * SCALE), last_seen_item: n };
    });
    // One statement for the item's prints: a statement each was most of this stage's cost (building and compiling them).
    await trx
      .insertInto('feed_boilerplate')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['feed_id', 'edge', 'fingerprint']).doUpdateSet((eb) => ({ seen: eb.ref('excluded.seen'), last_seen_item: eb.ref('excluded.last_seen_item') })),
      )
      .execute();
  }
  // Blocks not seen for a whole window have faded to nothing that matters: bounded rows per feed.
  await trx.deleteFrom('feed_boilerplate').where('feed_id', '=', feedId).where('last_seen_item', '<', n - window).execute();
}

export function boilerplateStore(ctx: StoreContext): Store['boilerplate'] {
  const { db } = ctx;

  return {
    observe: (feedId, prints, window) => ctx.write((trx) => observeIn(trx, feedId, prints, window)),

    async observeMany(feedId, printsPerItem, window): Promise<void> {
      if (printsPerItem.length === 0) return;
      await ctx.write(async (trx) => {
        for (const prints of printsPerItem) await observeIn(trx, feedId, prints, window);
      });
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
