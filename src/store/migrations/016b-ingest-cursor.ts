/**
 * The ingestion cursor (see ../ingest-seq.ts): a counter that only grows, so
 * SQLite never hands out an article seq twice, and an index for `after=`
 * within one feed.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function ingestCursor(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into counters (name, value) select 'articles.seq', coalesce(max(seq), 0) from articles`.execute(db);
      await db.schema.createIndex('articles_feed_seq').on('articles').columns(['feed_id', 'seq']).execute();
    },
  };
}
