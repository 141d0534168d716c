/**
 * Near-duplicate detection (../near-duplicates.ts): one row of MinHash band
 * keys per article, each band indexed with the day the article was stored so
 * a lookup reads only its window; and what the API shows of each other source
 * of an article (its URL, title and how alike its text was).
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';
import { BANDS } from '../../dedupe/minhash.js';
import { bandColumn } from '../near-duplicate-columns.js';

export function nearDuplicates(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // Keyed by the article's seq: on SQLite an integer primary key is the rowid, so the row needs no second key index.
      let table = db.schema
        .createTable('article_fingerprints')
        .addColumn('article_seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          c.primaryKey().references('articles.seq').onDelete('cascade'),
        )
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull());
      for (let band = 0; band < BANDS; band++) table = table.addColumn(bandColumn(band), 'integer', (c) => c.notNull());
      await table.execute();
      for (let band = 0; band < BANDS; band++) {
        await db.schema
          .createIndex(`article_fingerprints_${bandColumn(band)}`)
          .on('article_fingerprints')
          .columns([bandColumn(band), 'day'])
          .execute();
      }
      await db.schema.alterTable('article_sources').addColumn('url', 'text').execute();
      await db.schema.alterTable('article_sources').addColumn('title', 'text').execute();
      await db.schema.alterTable('article_sources').addColumn('similarity', 'real').execute();
    },
  };
}
