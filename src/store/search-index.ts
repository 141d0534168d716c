/**
 * SQLite's full-text index (`articles_fts`), filled in batches behind the
 * article writes rather than by a trigger inside each one: FTS5 writes a new
 * segment at every commit that touched it, and most article commits carry a
 * single article (a feed with one new item), so indexing in the save's own
 * transaction cost more than the rest of the save.
 *
 * The counter `articles_fts.seq` is the highest article seq in the index
 * (migration 021). SQLite claims a seq inside the write transaction that
 * inserts the article (ingest-seq.ts) and admits one writer at a time, so
 * seqs commit in increasing order: every article above the watermark is
 * waiting, none below it can appear later. The watermark is read and
 * advanced in the same write transaction as the rows it covers, so processes
 * sharing the file (api and worker) never index an article twice.
 *
 * When it runs: before every full-text query (a search never misses a stored
 * article), shortly after saves (batched: a timer started by the first save,
 * or at once when many wait) and on close.
 *
 * PostgreSQL's index is over an expression of the row, kept by the engine:
 * nothing to do there.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreContext } from './context.js';
import type { Database } from './schema.js';

export const INDEXED_SEQ_COUNTER = 'articles_fts.seq';

/**
 * Articles indexed per write transaction, which holds the write lock: a save waits at most one round
 * (200 articles of 700 words of prose index in about 40 ms here); catching up on many takes several.
 * Batches of 200 already took most of the gain over one at a time in the micro-benchmark.
 */
const ROUND_ARTICLES = 200;
/** The first save after a flush starts a timer this long: the articles saved meanwhile share one index commit. */
const FLUSH_DELAY_MS = 500;
/** A full round waiting is indexed at once, not at the timer: a burst's rounds stay the size above. */
const FLUSH_AT_PENDING = ROUND_ARTICLES;

export interface SearchIndex {
  /** After a commit that inserted `count` articles: they are indexed soon, with those of the saves that follow. */
  saved(count: number): void;
  /** Before a full-text query: indexes every article committed so far. */
  catchUp(): Promise<void>;
  /** Indexes what is left; saves after this are not scheduled any more. */
  close(): Promise<void>;
}

const ENGINE_KEEPS_INDEX: SearchIndex = { saved: () => undefined, catchUp: async () => undefined, close: async () => undefined };

/** One write transaction: the next articles past the watermark into the index, and the watermark past them. Returns how many. */
async function indexRound(trx: Kysely<Database>): Promise<number> {
  const { value } = await trx.selectFrom('counters').select('value').where('name', '=', INDEXED_SEQ_COUNTER).executeTakeFirstOrThrow();
  const after = Number(value);
  const { rows } = await sql<{ articles: number; last: number | null }>`select count(*) as articles, max(seq) as last
    from (select seq from articles where seq > ${after} order by seq limit ${sql.lit(ROUND_ARTICLES)})`.execute(trx);
  const { articles, last } = rows[0]!;
  if (last === null) return 0;
  // The values of now: a row changed since its insert is indexed as it is (the update trigger skipped it).
  await sql`insert into articles_fts(rowid, title, content_text)
    select seq, title, content_text from articles where seq > ${after} and seq <= ${last}`.execute(trx);
  await trx.updateTable('counters').set({ value: last }).where('name', '=', INDEXED_SEQ_COUNTER).execute();
  return articles;
}

/** A read, no write lock: whether any committed article is above the watermark. */
async function anyWaiting(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ waiting: number }>`select exists (
      select 1 from articles where seq > (select value from counters where name = ${INDEXED_SEQ_COUNTER})
    ) as waiting`.execute(db);
  return rows[0]?.waiting === 1;
}

export function searchIndex(ctx: Pick<StoreContext, 'db' | 'dialect' | 'write' | 'log'>): SearchIndex {
  if (ctx.dialect === 'postgres') return ENGINE_KEEPS_INDEX;
  const { db, write, log } = ctx;
  let waiting = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Background flushes, one after another; each ends with a round that found less than a full one.
  let background: Promise<void> = Promise.resolve();

  const indexAll = async (): Promise<void> => {
    while ((await write(indexRound)) === ROUND_ARTICLES);
  };
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    waiting = 0;
    // Never thrown into a save: the articles stay above the watermark, and the next flush or search takes them.
    background = background.then(indexAll).catch((err: unknown) => log.error({ err }, 'indexing saved articles for search failed; the next search or save retries'));
  };

  return {
    saved(count) {
      if (closed || count === 0) return;
      waiting += count;
      if (waiting >= FLUSH_AT_PENDING) flush();
      // Unref'd: a pending flush does not keep a process alive; whatever it leaves, the next search or flush takes.
      else timer ??= setTimeout(flush, FLUSH_DELAY_MS).unref();
    },

    async catchUp() {
      if (!(await anyWaiting(db))) return;
      try {
        await indexAll();
      } catch (err) {
        // A write the search cannot make (the lock held past busy_timeout, a full disk) should not fail the
        // search too: it finds what is indexed, and the next one tries again.
        log.warn({ err }, 'indexing articles before a search failed; the newest may be missing from its results');
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      await background;
      await indexAll().catch((err: unknown) => log.error({ err }, 'indexing the last saved articles for search failed; the next search indexes them'));
    },
  };
}
