/**
 * A feed's include/exclude filters, decided on the clean article. Each entry
 * of `include`/`exclude` is one filter:
 *
 *   harbour            whole word(s), any field (title, body, author, category)
 *   "harbour wall"     the same, quotes optional
 *   title:harbour      one field only: title, body, author or category
 *   /harbou?r/         a regular expression (case-insensitive), any field
 *   body:/\bwind\s+farm/  a regular expression on one field
 *
 * Matching is case-insensitive. An item passes when it matches at least one
 * include filter (or there are none) and no exclude filter. Regular
 * expressions are kept safe: short, no backreferences or lookarounds, no
 * quantified group that itself holds a quantifier (the shapes that backtrack
 * exponentially), and run on a bounded prefix of each field.
 */
import { FeedloomError } from '../core/errors.js';
import type { CleanArticle } from '../core/model.js';

export type FilterField = 'title' | 'body' | 'author' | 'category';
const FIELDS: readonly FilterField[] = ['title', 'body', 'author', 'category'];

export interface Filter {
  source: string;
  fields: readonly FilterField[];
  test: (text: string) => boolean;
}

const MAX_PATTERN_CHARS = 200;
/** Text of one field a filter reads: bounds a regular expression's work whatever the article's size. */
const MAX_FIELD_CHARS = 50_000;

function invalidFilter(source: string, why: string): FeedloomError {
  return new FeedloomError('INVALID_FILTER', `filter ${JSON.stringify(source)}: ${why}`, { details: { filter: source } });
}

/** Refuses the regular expression features that make matching time explode or that need unbounded memory. */
function assertSafePattern(source: string, pattern: string): void {
  if (pattern.length > MAX_PATTERN_CHARS) throw invalidFilter(source, `a regular expression may have at most ${MAX_PATTERN_CHARS} characters`);
  if (/\\[1-9]|\\k</.test(pattern)) throw invalidFilter(source, 'backreferences are not allowed');
  if (/\(\?<?[=!]/.test(pattern)) throw invalidFilter(source, 'lookarounds are not allowed');
  // A group holding a quantifier, itself quantified: (a+)+, (a*b?)*, (x{2,}){3}.
  if (/\([^()]*(?:[+*?]|\{\d+,?\d*\})[^()]*\)\s*(?:[+*]|\{\d+,?\d*\})/.test(pattern)) {
    throw invalidFilter(source, 'a quantified group may not contain a quantifier (it can take exponential time)');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function parseFilter(source: string): Filter {
  const trimmed = source.trim();
  const fieldMatch = /^(title|body|author|category):(.*)$/is.exec(trimmed);
  const fields: readonly FilterField[] = fieldMatch ? [fieldMatch[1]!.toLowerCase() as FilterField] : FIELDS;
  const term = (fieldMatch ? fieldMatch[2]! : trimmed).trim();
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(term);
  if (regex) {
    const [, pattern, flags] = regex as unknown as [string, string, string];
    if (/[^imsu]/.test(flags)) throw invalidFilter(source, 'only the flags i, m, s and u are allowed');
    assertSafePattern(source, pattern);
    let compiled: RegExp;
    try {
      compiled = new RegExp(pattern, [...new Set(`${flags}iu`)].join(''));
    } catch (err) {
      throw invalidFilter(source, `not a valid regular expression (${(err as Error).message})`);
    }
    return { source, fields, test: (text) => compiled.test(text) };
  }
  const words = term.replace(/^"(.*)"$/s, '$1').trim();
  if (words === '') throw invalidFilter(source, 'nothing to match');
  // Whole words: no letter or digit may touch the match on either side; runs of space match any space.
  const phrase = words.split(/\s+/).map(escapeRegExp).join('\\s+');
  const compiled = new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, 'iu');
  return { source, fields, test: (text) => compiled.test(text) };
}

/** Checks every filter of a feed; throws INVALID_FILTER (a 400) naming the first bad one. */
export function assertValidFilters(filters: readonly string[]): void {
  for (const filter of filters) parseFilter(filter);
}

type FilteredArticle = Pick<CleanArticle, 'title' | 'contentText' | 'authors' | 'categories'>;

function fieldText(article: FilteredArticle, field: FilterField): string {
  const text =
    field === 'title' ? (article.title ?? '') : field === 'body' ? article.contentText : field === 'author' ? article.authors.join('\n') : article.categories.join('\n');
  return text.slice(0, MAX_FIELD_CHARS);
}

function matches(filter: Filter, article: FilteredArticle): boolean {
  return filter.fields.some((field) => filter.test(fieldText(article, field)));
}

/**
 * The filter that decides against the article (an exclude that matched, or
 * the first include when none matched), or null when it passes. Filters that
 * no longer parse (stored before a rule tightened) are skipped, not fatal.
 */
export function filterVerdict(article: FilteredArticle, include: readonly string[], exclude: readonly string[]): string | null {
  const compile = (sources: readonly string[]) =>
    sources.flatMap((source) => {
      try {
        return [parseFilter(source)];
      } catch {
        return [];
      }
    });
  const excluded = compile(exclude).find((filter) => matches(filter, article));
  if (excluded) return `excluded by "${excluded.source}"`;
  const includes = compile(include);
  if (includes.length > 0 && !includes.some((filter) => matches(filter, article))) return `matched no include filter (${include.join(', ')})`;
  return null;
}

export function passesFilters(article: FilteredArticle, include: readonly string[], exclude: readonly string[]): boolean {
  return filterVerdict(article, include, exclude) === null;
}
