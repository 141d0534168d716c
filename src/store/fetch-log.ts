/** The last outcomes of each feed's fetches, for people diagnosing a feed. */
import type { Kysely } from 'kysely';
import { newId } from './ids.js';
import type { Database, FetchLogTable } from './schema.js';

/** Outcomes kept per feed; older ones are deleted as new ones arrive. */
export const FETCH_LOG_KEPT = 50;

export async function appendFetchLog(trx: Kysely<Database>, entry: Omit<FetchLogTable, 'id'>): Promise<void> {
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
        .limit(FETCH_LOG_KEPT),
    )
    .execute();
}
