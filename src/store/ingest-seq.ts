/**
 * The ingestion sequence behind `GET /v1/articles?after=<seq>`. A consumer
 * that remembers the last seq it saw must never find a lower one appear
 * later, so a seq must become visible in the order it was handed out:
 *
 * - PostgreSQL hands out `bigserial` values at insert time, and two
 *   transactions can commit in the other order (a reader would then see 11,
 *   move on, and never see 10). Taking one advisory lock just before the
 *   insert, held until commit, makes allocation order commit order. Only the
 *   tail of a batch's transaction (its articles' inserts, deliveries and the
 *   items' status, a few statements: article-save.ts) runs under it.
 * - SQLite admits one writer at a time already, but an integer primary key
 *   reuses the highest value after that row is deleted (a purged feed, the
 *   retention sweep); a counter row that only grows gives each article a
 *   number no earlier article ever had.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './connection.js';
import type { Database } from './schema.js';

/** Any constant: the key of the one lock that orders article inserts across processes. */
const INGEST_LOCK_KEY = 7_270_016;
export const ARTICLE_SEQ_COUNTER = 'articles.seq';

/**
 * Called in the inserting transaction, right before the insert of `count`
 * articles. Returns their seqs, in order, to insert on SQLite; on PostgreSQL
 * the column's sequence assigns them.
 */
export async function claimArticleSeqs(trx: Kysely<Database>, dialect: StoreDialect, count: number): Promise<number[] | undefined> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${INGEST_LOCK_KEY})`.execute(trx);
    return undefined;
  }
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('name', '=', ARTICLE_SEQ_COUNTER)
    .returning('value')
    .executeTakeFirstOrThrow();
  const last = Number(row.value);
  return Array.from({ length: count }, (_, n) => last - count + 1 + n);
}
