/**
 * Search that matches word forms: "harbours" finds "harbour". SQLite's FTS5
 * table is rebuilt with the porter tokenizer; PostgreSQL's search column is
 * rebuilt with a text search configuration that stems English (Snowball) and,
 * unlike the stock `english` one, drops no stop words, as FTS5 drops none:
 * one query finds the same articles on either dialect. Indexes are rebuilt
 * from the articles already stored.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';

/** The same bound as 002: to_tsvector fails past 1 MB of vector. */
const INDEXED_TEXT_CHARS = 200_000;

async function sqliteFts(db: Kysely<any>): Promise<void> {
  for (const trigger of ['articles_fts_insert', 'articles_fts_delete', 'articles_fts_update']) {
    await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  }
  await sql`drop table if exists articles_fts`.execute(db);
  await sql`create virtual table articles_fts using fts5(
      title, content_text, content='articles', content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2'
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
  await sql`insert into articles_fts(articles_fts) values ('rebuild')`.execute(db);
}

async function postgresSearch(db: Kysely<any>): Promise<void> {
  // Snowball without a StopWords file stems and keeps every word.
  await sql`create text search dictionary feedloom_english_stem (template = snowball, language = english)`.execute(db);
  await sql`create text search configuration feedloom_english (copy = english)`.execute(db);
  await sql`alter text search configuration feedloom_english
      alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part with feedloom_english_stem`.execute(db);
  await sql`drop index if exists articles_search`.execute(db);
  await sql`alter table articles drop column if exists search`.execute(db);
  await sql`alter table articles add column search tsvector generated always as (
      to_tsvector('feedloom_english'::regconfig, coalesce(title, '') || ' ' || left(content_text, ${sql.lit(INDEXED_TEXT_CHARS)}))
    ) stored`.execute(db);
  await sql`create index articles_search on articles using gin (search)`.execute(db);
}

export function searchStemming(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'postgres') await postgresSearch(db);
      else await sqliteFts(db);
    },
  };
}
