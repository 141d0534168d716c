/**
 * How block texts are compared with phrase lists: both sides go through
 * `matchKey()`, so "Read More »", "read more…" and "READ MORE:" are one key,
 * and a phrase written once in lower case covers its typographic variants.
 */

const WILDCARD = '{*}';
/** Letters, so matchKey() neither trims nor changes them. */
const WILDCARD_TOKEN = 'zqwildcardqz';

const NOT_ALNUM_AT_ENDS = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** Rules ask for the key of the same paragraph many times; the text is the cache key. */
const keyCache = new Map<string, string>();
const KEY_CACHE_SIZE = 4096;

export function matchKey(text: string): string {
  const cached = keyCache.get(text);
  if (cached !== undefined) return cached;
  const key = computeKey(text);
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
  keyCache.set(text, key);
  return key;
}

function computeKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u2018\u2019\u201a\u201b\u2032`\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;:!?)\]])/g, '$1')
    .replace(/([(\[]) /g, '$1')
    .replace(NOT_ALNUM_AT_ENDS, '');
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One phrase as a regular-expression source over match keys; `{*}` matches any text. */
function phraseSource(phrase: string): string {
  const key = matchKey(phrase.split(WILDCARD).join(` ${WILDCARD_TOKEN} `));
  return escapeRegExp(key).split(WILDCARD_TOKEN).join('.+?').replace(/ ?\.\+\? ?/g, (m) => m.replace(/ /g, ' ?'));
}

export function alternation(phrases: readonly string[]): string {
  const sources = [...new Set(phrases.map(phraseSource).filter((s) => s.length > 0))];
  // Longest first, so a prefix match takes "continue reading" before "continue".
  sources.sort((a, b) => b.length - a.length);
  return sources.join('|');
}

/** Tests a match key against a phrase list. */
export interface PhraseMatcher {
  test(key: string): boolean;
  /** Could a phrase occur somewhere inside the key? A cheap filter before looking for one mid-paragraph. */
  occursIn(key: string): boolean;
}

/** The longest literal piece of a wildcard phrase: a key without it cannot match, so the regex is skipped. */
function longestLiteral(phrase: string): string {
  return phrase
    .split(WILDCARD)
    .map((part) => matchKey(part))
    .reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** A regex that finds any of the literals; one that never matches for none. */
function literalScanner(literals: readonly string[]): RegExp {
  const sources = [...new Set(literals.filter((l) => l !== ''))].map(escapeRegExp);
  return sources.length > 0 ? new RegExp(sources.join('|'), 'u') : /(?!)/u;
}

/**
 * Matches a key that is exactly one of the phrases. Plain phrases are a set
 * lookup; each wildcard phrase is its own regex behind a substring check, so
 * a long paragraph costs a few `includes` calls, not a backtracking search.
 */
export function wholePhrase(phrases: readonly string[]): PhraseMatcher {
  const exact = new Set(phrases.filter((p) => !p.includes(WILDCARD)).map(matchKey));
  const wild = phrases
    .filter((p) => p.includes(WILDCARD))
    .map((p) => ({ literal: longestLiteral(p), re: new RegExp(`^(?:${phraseSource(p)})$`, 'u') }));
  const pieces = [...exact, ...wild.map((w) => w.literal)].filter((p) => p !== '');
  // One scan of the key for every literal at once: most keys (story paragraphs) hold none, and a loop of
  // `includes` over a few hundred phrases was a third of the normalize time.
  const anyLiteral = literalScanner(wild.map((w) => w.literal));
  const anyPiece = literalScanner(pieces);
  return {
    test: (key) => exact.has(key) || (anyLiteral.test(key) && wild.some((w) => key.includes(w.literal) && w.re.test(key))),
    occursIn: (key) => anyPiece.test(key),
  };
}

/** Matches a key that starts with one of the phrases, followed by a word boundary. */
export function leadingPhrase(phrases: readonly string[]): RegExp {
  return new RegExp(`^(?:${alternation(phrases)})(?![\\p{L}\\p{N}])`, 'u');
}

/** Matches a key that contains one of the phrases as whole words. */
export function containedPhrase(phrases: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(phrases)})(?![\\p{L}\\p{N}])`, 'u');
}
