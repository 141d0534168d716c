/**
 * Full-text search over article title and text. SQLite: an FTS5 table with
 * external content (the text lives once, in `articles`), kept in step by
 * triggers so no code path can forget it. PostgreSQL: a generated tsvector
 * column with a GIN index. Both use no stemming ('simple' / unicode61) so a
 * query finds the same articles on either dialect.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';

/**
 * to_tsvector fails on a vector over 1 MB; an article with more text than this
 * is still found by everything in its first part.
 */
const INDEXED_TEXT_CHARS = 200_000;

export function fullTextSearch(dialect: StoreDialect): Migration {
  return {
    // Untyped for the same reason as the initial schema: migrations are frozen in time.
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'postgres') {
        await sql`alter table articles add column search tsvector generated always as (
            to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || left(content_text, ${sql.lit(INDEXED_TEXT_CHARS)}))
          ) stored`.execute(db);
        await sql`create index articles_search on articles using gin (search)`.execute(db);
        return;
      }
      await sql`create virtual table articles_fts using fts5(
          title, content_text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
        )`.execute(db);
      await sql`create trigger articles_fts_insert after insert on articles begin
          insert into articles_fts(rowid, title, content_text) values (new.seq, new.title, new.content_text);
        end`.execute(db);
      await sql`create trigger articles_fts_delete after delete on articles begin
          insert into articles_fts(articles_fts, rowid, title, content_text) values ('delete', old.seq, old.title, old.content_text);
        end`.execute(db);
      await sql`create trigger articles_fts_update after update of title, content_text on articles begin
          insert into articles_fts(articles_fts, rowid, title, content_text) values ('delete', old.seq, old.title, old.content_text);
          insert into articles_fts(rowid, title, content_text) values (new.seq, new.title, new.content_text);
        end`.execute(db);
    },
  };
}
