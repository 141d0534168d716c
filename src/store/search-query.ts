/**
 * The search syntax of `q`, one for both dialects: words (matched by their
 * stems), "quoted phrases", prefix* and -exclusions (of a word, a prefix or a
 * phrase). The query is parsed here into terms of letters and digits only,
 * and each engine gets them as bound parameters in its own grammar, so no
 * operator a user types is ever live and odd input finds less, never errors.
 *
 * Stemming: SQLite FTS5's porter tokenizer and, on PostgreSQL, a text search
 * configuration with the English Snowball stemmer and no stop words (see the
 * 016c migration): SQLite drops no stop words either, so "the who" finds the
 * same articles on both.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { StoreDialect } from './connection.js';

/** Enough for any real query; bounds the work a hostile one can ask for. */
const MAX_TERMS = 16;
const MAX_TERM_CHARS = 64;
/** A one-letter prefix would expand to most of the index. */
const MIN_PREFIX_CHARS = 2;
/** The PostgreSQL text search configuration the articles' search index is built with. */
export const SEARCH_CONFIG = 'feedloom_english';
/** The same bound as the migrations': to_tsvector fails past 1 MB of vector. */
const INDEXED_TEXT_CHARS = 200_000;
/**
 * What PostgreSQL searches: exactly the expression of the `articles_search` GIN index (migration 019b),
 * or the planner would not use the index. Nothing of it is stored; a row's vector is recomputed only
 * where the index cannot decide alone (phrases, exclusions).
 */
const SEARCH_DOCUMENT = sql`to_tsvector(${sql.lit(SEARCH_CONFIG)}::regconfig, coalesce(articles.title, '') || ' ' || left(articles.content_text, ${sql.lit(INDEXED_TEXT_CHARS)}))`;

export type SearchTerm = { kind: 'word'; text: string } | { kind: 'prefix'; text: string } | { kind: 'phrase'; words: string[] };

export interface SearchQuery {
  /** Every one must match. */
  include: SearchTerm[];
  /** None may match. */
  exclude: SearchTerm[];
}

function words(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.slice(0, MAX_TERM_CHARS));
}

/** A quoted or hyphenated run of words is a phrase; one word alone is a word. */
function termOf(wordList: string[], prefix: boolean): SearchTerm | null {
  if (wordList.length === 0) return null;
  if (wordList.length > 1) return { kind: 'phrase', words: wordList };
  const [text] = wordList as [string];
  return prefix && text.length >= MIN_PREFIX_CHARS ? { kind: 'prefix', text } : { kind: 'word', text };
}

function termKey(term: SearchTerm): string {
  return term.kind === 'phrase' ? `p:${term.words.join(' ')}` : `${term.kind[0]}:${term.text}`;
}

export function parseSearchQuery(q: string): SearchQuery {
  const include: SearchTerm[] = [];
  const exclude: SearchTerm[] = [];
  const seen = new Set<string>();
  // A token: an optional '-', then a quoted phrase (closed or running to the end) or a run of non-space.
  const tokens = q.matchAll(/(-?)(?:"([^"]*)"?|(\S+))/g);
  for (const [, minus, quoted, bare] of tokens) {
    if (include.length + exclude.length >= MAX_TERMS) break;
    const term = quoted !== undefined ? termOf(words(quoted), false) : termOf(words(bare ?? ''), (bare ?? '').endsWith('*'));
    if (term === null || seen.has(termKey(term))) continue;
    seen.add(termKey(term));
    (minus === '-' ? exclude : include).push(term);
  }
  return { include, exclude };
}

/** FTS5 query grammar: each term a string (quotes are impossible inside: terms hold letters and digits). */
function fts5(terms: SearchTerm[], joiner: ' ' | ' OR '): string {
  return terms
    .map((term) => (term.kind === 'phrase' ? `"${term.words.join(' ')}"` : term.kind === 'prefix' ? `"${term.text}"*` : `"${term.text}"`))
    .join(joiner);
}

/** One tsquery per term, each from a bound parameter; the engine's own parser stems them. */
function tsquery(term: SearchTerm): RawBuilder<unknown> {
  const config = sql.lit(SEARCH_CONFIG);
  if (term.kind === 'phrase') return sql`phraseto_tsquery(${config}::regconfig, ${term.words.join(' ')})`;
  if (term.kind === 'prefix') return sql`to_tsquery(${config}::regconfig, ${`${term.text}:*`})`;
  return sql`plainto_tsquery(${config}::regconfig, ${term.text})`;
}

function joinTsqueries(terms: SearchTerm[], operator: '&&' | '||'): RawBuilder<unknown> {
  return sql`(${sql.join(terms.map(tsquery), sql.raw(` ${operator} `))})`;
}

/** Null when the query holds nothing searchable (only punctuation): nothing can match then. */
export function searchCondition(dialect: StoreDialect, query: SearchQuery): Expression<SqlBool> | null {
  const { include, exclude } = query;
  if (include.length === 0 && exclude.length === 0) return null;
  const parts: RawBuilder<SqlBool>[] = [];
  if (dialect === 'postgres') {
    if (include.length > 0) parts.push(sql<SqlBool>`${SEARCH_DOCUMENT} @@ ${joinTsqueries(include, '&&')}`);
    if (exclude.length > 0) parts.push(sql<SqlBool>`not (${SEARCH_DOCUMENT} @@ ${joinTsqueries(exclude, '||')})`);
  } else {
    if (include.length > 0) parts.push(sql<SqlBool>`articles.seq in (select rowid from articles_fts where articles_fts match ${fts5(include, ' ')})`);
    if (exclude.length > 0) {
      parts.push(sql<SqlBool>`articles.seq not in (select rowid from articles_fts where articles_fts match ${fts5(exclude, ' OR ')})`);
    }
  }
  return sql<SqlBool>`(${sql.join(parts, sql.raw(' and '))})`;
}
