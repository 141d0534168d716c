/**
 * A feed's article count is a kept counter, not a count(*): every insert and
 * delete of articles moves it, one update per feed touched.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Adds (`+`) or removes (`-`) one article per entry of `feedIds` (a feed id per article stored or deleted). */
export async function moveArticleCounts(trx: Kysely<Database>, feedIds: readonly string[], direction: '+' | '-'): Promise<void> {
  const perFeed = new Map<string, number>();
  for (const feedId of feedIds) perFeed.set(feedId, (perFeed.get(feedId) ?? 0) + 1);
  for (const [feedId, count] of perFeed) {
    await trx
      .updateTable('feeds')
      .set((eb) => ({ article_count: eb('article_count', direction, count) }))
      .where('id', '=', feedId)
      .execute();
  }
}
