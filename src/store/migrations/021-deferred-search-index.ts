/**
 * SQLite's full-text index is filled behind the writes (../search-index.ts)
 * instead of by a trigger inside them. FTS5 writes its pending terms out as a
 * new segment at every commit, and most article commits carry one article, so
 * the insert trigger cost more than the rest of the save (1.27 ms an article
 * against 0.59 ms indexed 200 at a time, in a micro-benchmark).
 *
 * The counter `articles_fts.seq` is the highest article seq in the index: an
 * article with a higher seq is not indexed yet. Seqs commit in increasing
 * order on SQLite (claimed inside the write transaction: ../ingest-seq.ts), so
 * nothing committed later can fall at or below it. At this migration the
 * insert trigger has indexed everything, hence max(seq).
 *
 * The update and delete triggers now touch the index only for indexed rows:
 * an external-content FTS5 'delete' of values that were never indexed
 * corrupts the index. A row changed before it is indexed is simply indexed
 * later with its values of then.
 *
 * PostgreSQL's index is over an expression of the row and stays as it is.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';

/** Frozen here as the migration's own: ../search-index.ts exports the name the code uses. */
const INDEXED_SEQ = 'articles_fts.seq';

export function deferredSearchIndex(dialect: StoreDialect): Migration {
  return {
    // Untyped like every migration: it is frozen in time, the schema type moves on.
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'postgres') return;
      const indexed = sql`(select value from counters where name = ${sql.lit(INDEXED_SEQ)})`;
      for (const trigger of ['articles_fts_insert', 'articles_fts_delete', 'articles_fts_update']) {
        await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
      }
      await sql`insert into counters (name, value) select ${INDEXED_SEQ}, coalesce(max(seq), 0) from articles`.execute(db);
      await sql`create trigger articles_fts_delete after delete on articles when old.seq <= ${indexed} begin
          insert into articles_fts(articles_fts, rowid, title, content_text) values ('delete', old.seq, old.title, old.content_text);
        end`.execute(db);
      await sql`create trigger articles_fts_update after update of title, content_text on articles when old.seq <= ${indexed} begin
          insert into articles_fts(articles_fts, rowid, title, content_text) values ('delete', old.seq, old.title, old.content_text);
          insert into articles_fts(rowid, title, content_text) values (new.seq, new.title, new.content_text);
        end`.execute(db);
    },
  };
}
