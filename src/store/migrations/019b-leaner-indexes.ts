/**
 * Fewer bytes per article in indexes.
 *
 * PostgreSQL's search: the `search` tsvector column (stored, generated) held
 * every word and position of the article again, about 11 KB per article on
 * top of the text itself, while the GIN index is all a query needs to find
 * rows. The index is now over the expression, and queries (search-query.ts)
 * spell the same expression; a phrase or an exclusion, which the index alone
 * cannot decide, recomputes it for the candidate rows only.
 *
 * Deliveries: a delivery goes to a webhook or to a destination, never both,
 * so each side's unique key and listing index leaves out the other side's
 * rows (where the column is null and the entry served nothing).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';

/** The same bound as 002 and 016c: to_tsvector fails past 1 MB of vector. */
const INDEXED_TEXT_CHARS = 200_000;

async function partialDeliveryIndexes(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  // On PostgreSQL the webhook key is still 001's unique constraint; SQLite's 011 rebuild made it an index.
  if (dialect === 'postgres') await sql`alter table deliveries drop constraint deliveries_once`.execute(db);
  else await db.schema.dropIndex('deliveries_once').execute();
  for (const name of ['deliveries_destination_once', 'deliveries_webhook_newest', 'deliveries_destination_newest']) {
    await db.schema.dropIndex(name).execute();
  }
  for (const target of ['webhook', 'destination'] as const) {
    const column = `${target}_id`;
    await db.schema
      .createIndex(target === 'webhook' ? 'deliveries_once' : 'deliveries_destination_once')
      .unique()
      .on('deliveries')
      .columns(['article_id', column, 'event', 'content_hash'])
      .where(sql.ref(column), 'is not', null)
      .execute();
    await db.schema
      .createIndex(`deliveries_${target}_newest`)
      .on('deliveries')
      .columns([column, 'created_at', 'id'])
      .where(sql.ref(column), 'is not', null)
      .execute();
  }
}

export function leanerIndexes(dialect: StoreDialect): Migration {
  return {
    // Untyped like every migration: it is frozen in time, the schema type moves on.
    async up(db: Kysely<any>): Promise<void> {
      await partialDeliveryIndexes(db, dialect);
      if (dialect !== 'postgres') return;
      await sql`drop index if exists articles_search`.execute(db);
      await sql`alter table articles drop column if exists search`.execute(db);
      await sql`create index articles_search on articles using gin (
          to_tsvector('feedloom_english'::regconfig, coalesce(title, '') || ' ' || left(content_text, ${sql.lit(INDEXED_TEXT_CHARS)}))
        )`.execute(db);
    },
  };
}
