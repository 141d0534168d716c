/** The fetch history of each feed, for people diagnosing a feed (GET /v1/feeds/:id/fetches). */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { StoreContext } from './context.js';
import { decodeCursor, toPage } from './cursor.js';
import { newId } from './ids.js';
import type { Database, FetchLogTable } from './schema.js';
import type { FetchLogEntry, Page, Store } from './types.js';
import { iso } from './values.js';

/**
 * Outcomes kept per feed whatever their age, so a feed polled every minute
 * cannot grow the table past this between two retention runs (FETCH_LOG_DAYS
 * removes the old ones across all feeds).
 */
export const FETCH_LOG_KEPT = 200;

export type FetchLogRow = Omit<FetchLogTable, 'id' | 'skipped'>;

export async function appendFetchLog(trx: Kysely<Database>, entry: FetchLogRow): Promise<void> {
  await trx
    .insertInto('fetch_log')
    .values({ id: newId(), ...entry })
    .execute();
  await trx
    .deleteFrom('fetch_log')
    .where('feed_id', '=', entry.feed_id)
    .where('id', 'not in', (eb) =>
      eb
        .selectFrom('fetch_log')
        .select('id')
        .where('feed_id', '=', entry.feed_id)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        // Written into the text: bound as a value, SQLite ran this trim 4 times slower (85 -> 22 us).
        .limit(sql.lit(FETCH_LOG_KEPT)),
    )
    .execute();
}

/**
 * One more item of the feed's newest fetch that read items was skipped
 * (filtered, or not an article). The article stage runs soon after the fetch
 * that staged the item; a 304 or a failed fetch landing in between staged
 * nothing, so it is passed over (another fetch that read items is not).
 */
export async function countSkippedInNewestFetch(trx: Kysely<Database>, feedId: string): Promise<void> {
  const newest = await trx
    .selectFrom('fetch_log')
    .select('id')
    .where('feed_id', '=', feedId)
    .where('outcome', '=', 'ok')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!newest) return;
  await trx
    .updateTable('fetch_log')
    .set((eb) => ({ skipped: eb('skipped', '+', 1) }))
    .where('id', '=', newest.id)
    .execute();
}

function toEntry(row: Selectable<FetchLogTable>): FetchLogEntry {
  return {
    id: row.id,
    at: row.at,
    outcome: row.outcome as FetchLogEntry['outcome'],
    httpStatus: row.http_status,
    error: row.error,
    durationMs: row.duration_ms,
    newItems: row.new_items,
    url: row.url,
    bytes: row.bytes,
    items: row.items,
    updatedItems: row.updated_items ?? 0,
    skipped: row.skipped,
    warning: row.warning,
  };
}

export type FetchLogStore = Pick<Store['feeds'], 'fetchLog' | 'fetchHistory' | 'pruneFetchLog'>;

export function fetchLogStore(ctx: StoreContext): FetchLogStore {
  const { db } = ctx;

  async function fetchHistory(id: string, query: { limit: number; cursor?: string | null }): Promise<Page<FetchLogEntry>> {
    let select = db.selectFrom('fetch_log').selectAll().where('feed_id', '=', id);
    if (query.cursor) {
      const before = decodeCursor(query.cursor);
      select = select.where(({ eb, refTuple, tuple }) => eb(refTuple('at', 'id'), '<', tuple(before.at, before.id)));
    }
    const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
    return toPage(rows, query.limit, (row) => ({ at: row.at, id: row.id }), toEntry);
  }

  return {
    async fetchLog(id: string, limit: number): Promise<FetchLogEntry[]> {
      return (await fetchHistory(id, { limit })).items;
    },

    fetchHistory,

    async pruneFetchLog(before: Date): Promise<number> {
      const result = await db.deleteFrom('fetch_log').where('at', '<', iso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
