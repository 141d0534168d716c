/**
 * Turning a user's `q` into a full-text condition that cannot fail. Users type
 * quotes, operators and SQL; rather than escape each engine's query syntax we
 * keep only the words (letters and digits) and ask for all of them, passed as
 * bound parameters. Odd input finds less, never errors.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { StoreDialect } from './connection.js';

/** Enough for any real query; bounds the work a hostile one can ask for. */
const MAX_TERMS = 16;
const MAX_TERM_CHARS = 64;

export function searchTerms(q: string): string[] {
  const words = q.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((word) => word.slice(0, MAX_TERM_CHARS)))].slice(0, MAX_TERMS);
}

/** Articles containing every term, in title or text. `terms` must come from `searchTerms` (non-empty). */
export function matchesAllTerms(dialect: StoreDialect, terms: string[]): Expression<SqlBool> {
  if (dialect === 'postgres') {
    return sql<SqlBool>`articles.search @@ plainto_tsquery('simple', ${terms.join(' ')})`;
  }
  // Each term quoted is an FTS5 string: no operator inside it is live. Terms hold no quotes.
  const match = terms.map((term) => `"${term}"`).join(' ');
  return sql<SqlBool>`articles.seq in (select rowid from articles_fts where articles_fts match ${match})`;
}
