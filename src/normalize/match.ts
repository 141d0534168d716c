/**
 * How block texts are compared with phrase lists: both sides go through
 * `matchKey()`, so "Read More »", "read more…" and "READ MORE:" are one key,
 * and a phrase written once in lower case covers its typographic variants.
 */

import { collapseSpaces } from './text.js';

const WILDCARD = '{*}';
/** Letters, so matchKey() neither trims nor changes them. */
const WILDCARD_TOKEN = 'zqwildcardqz';

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

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

/**
 * Invisible characters (dropped), and the quotes, primes and dashes that have a plain form: four kinds, none of them
 * a plain form, so one scan replaces what four regexes in turn did.
 */
const TYPOGRAPHIC = /[\u00ad\u200b-\u200d\u2060\ufeff\u2018\u2019\u201a\u201b\u2032`\u00b4\u201c-\u201f\u2033\u2010-\u2015\u2212]/g;
const PLAIN_FORMS: ReadonlyMap<string, string> = new Map([
  ...[...'\u2018\u2019\u201a\u201b\u2032`\u00b4'].map((c): [string, string] => [c, "'"]),
  ...[...'\u201c\u201d\u201e\u201f\u2033'].map((c): [string, string] => [c, '"']),
  ...[...'\u2010\u2011\u2012\u2013\u2014\u2015\u2212'].map((c): [string, string] => [c, '-']),
]);

function plainForm(char: string): string {
  return PLAIN_FORMS.get(char) ?? '';
}

function computeKey(text: string): string {
  const typographic = text.normalize('NFKC').toLowerCase().replace(TYPOGRAPHIC, plainForm);
  const spaced = collapseSpaces(typographic).replace(/ ([,.;:!?)\]])/g, '$1').replace(/([(\[]) /g, '$1');
  return trimToLettersAndDigits(spaced);
}

function isLetterOrDigit(codePoint: number): boolean {
  if (codePoint < 0x80) {
    return (codePoint >= 0x61 && codePoint <= 0x7a) || (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x30 && codePoint <= 0x39);
  }
  return LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint));
}

/**
 * `text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')` by code points from both ends: the regex tried its second
 * branch at every position of the text and was most of matchKey's time.
 */
function trimToLettersAndDigits(text: string): string {
  let start = 0;
  while (start < text.length) {
    const codePoint = text.codePointAt(start) as number;
    if (isLetterOrDigit(codePoint)) break;
    start += codePoint > 0xffff ? 2 : 1;
  }
  let end = text.length;
  while (end > start) {
    const low = text.charCodeAt(end - 1);
    const paired = low >= 0xdc00 && low <= 0xdfff && end - 2 >= start && (text.codePointAt(end - 2) as number) > 0xffff;
    const codePoint = paired ? (text.codePointAt(end - 2) as number) : low;
    if (isLetterOrDigit(codePoint)) break;
    end -= paired ? 2 : 1;
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
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

/** A wildcard phrase: its regex, its longest literal piece, and the literal text it must start or end with. */
interface WildPhrase {
  re: RegExp;
  literal: string;
  /** What a matching key starts with ('' when the phrase opens with a wildcard). */
  prefix: string;
  /** What a matching key ends with ('' when the phrase closes with a wildcard). */
  suffix: string;
}

function wildPhrase(phrase: string): WildPhrase {
  // The same key phraseSource() builds its regex from; a space next to a wildcard is optional there.
  const key = matchKey(phrase.split(WILDCARD).join(` ${WILDCARD_TOKEN} `));
  const first = key.indexOf(WILDCARD_TOKEN);
  const last = key.lastIndexOf(WILDCARD_TOKEN);
  return {
    re: new RegExp(`^(?:${phraseSource(phrase)})$`, 'u'),
    literal: longestLiteral(phrase),
    prefix: key.slice(0, first).replace(/ $/, ''),
    suffix: key.slice(last + WILDCARD_TOKEN.length).replace(/^ /, ''),
  };
}

/** Groups phrases by a character a matching key must have at one place (its first or its last). */
function byChar(phrases: readonly WildPhrase[], charOf: (w: WildPhrase) => string): Map<string, WildPhrase[]> {
  const groups = new Map<string, WildPhrase[]>();
  for (const w of phrases) {
    const c = charOf(w);
    const group = groups.get(c);
    if (group) group.push(w);
    else groups.set(c, [w]);
  }
  return groups;
}

/**
 * Matches a key that is exactly one of the phrases. Plain phrases are a set
 * lookup. A wildcard phrase that starts (or ends) with words is only tried on
 * keys that start (or end) with them; the rest, open at both ends, are tried
 * behind one scan for their literal pieces. A story paragraph costs a few
 * lookups, not a search through every phrase.
 */
export function wholePhrase(phrases: readonly string[]): PhraseMatcher {
  const exact = new Set(phrases.filter((p) => !p.includes(WILDCARD)).map(matchKey));
  const wild = phrases.filter((p) => p.includes(WILDCARD)).map(wildPhrase);
  const anchored = wild.filter((w) => w.prefix !== '');
  const closing = wild.filter((w) => w.prefix === '' && w.suffix !== '');
  const floating = wild.filter((w) => w.prefix === '' && w.suffix === '');
  const byFirst = byChar(anchored, (w) => w.prefix.charAt(0));
  const byLast = byChar(closing, (w) => w.suffix.charAt(w.suffix.length - 1));
  const pieces = [...exact, ...wild.map((w) => w.literal)].filter((p) => p !== '');
  // One scan of the key for every literal at once: most keys (story paragraphs) hold none, and a loop of
  // `includes` over a few hundred phrases was a third of the normalize time.
  const anyFloating = literalScanner(floating.map((w) => w.literal));
  const anyPiece = literalScanner(pieces);
  // English keys mostly open with "the" or "this", and so do dozens of footer phrases: one anchored scan of every
  // opening at once settles a key before the group of its first letter is walked phrase by phrase.
  const anyOpening = anchored.length > 0 ? new RegExp(`^(?:${[...new Set(anchored.map((w) => escapeRegExp(w.prefix)))].join('|')})`, 'u') : null;
  const matches = (w: WildPhrase, key: string): boolean => key.includes(w.literal) && w.re.test(key);
  return {
    test: (key) => {
      if (exact.has(key)) return true;
      const opening = anyOpening?.test(key) ? byFirst.get(key.charAt(0)) : undefined;
      if (opening?.some((w) => key.startsWith(w.prefix) && matches(w, key))) return true;
      const ending = byLast.get(key.charAt(key.length - 1));
      if (ending?.some((w) => key.endsWith(w.suffix) && matches(w, key))) return true;
      return floating.length > 0 && anyFloating.test(key) && floating.some((w) => matches(w, key));
    },
    occursIn: (key) => anyPiece.test(key),
  };
}

/** Matches a key that starts with one of the phrases, followed by a word boundary. */
export function leadingPhrase(phrases: readonly string[]): RegExp {
  return new RegExp(`^(?:${alternation(phrases)})(?![\\p{L}\\p{N}])`, 'u');
}

/** Tests a text for something in it. */
export interface TextTest {
  test(text: string): boolean;
}

/** Is the code point before `index` a letter or a digit? */
function letterOrDigitBefore(text: string, index: number): boolean {
  if (index === 0) return false;
  const low = text.charCodeAt(index - 1);
  const paired = low >= 0xdc00 && low <= 0xdfff && index >= 2 && (text.codePointAt(index - 2) as number) > 0xffff;
  return isLetterOrDigit(paired ? (text.codePointAt(index - 2) as number) : low);
}

/**
 * Matches a text that contains one of the phrases as whole words: what
 * `/(?<![\p{L}\p{N}])(?:phrases)(?![\p{L}\p{N}])/u` matches. With the lookbehind in front the engine tried it at every
 * position of the text (20 to 30 us a paragraph); here the phrases are found first and the code point before each
 * find is checked. The lookbehind only depends on where a find starts, so a start that fails it fails for every
 * phrase, and the search goes on from the next code point.
 */
export function containedPhrase(phrases: readonly string[]): TextTest {
  const re = new RegExp(`(?:${alternation(phrases)})(?![\\p{L}\\p{N}])`, 'gu');
  return {
    test(text) {
      re.lastIndex = 0;
      for (let found = re.exec(text); found; found = re.exec(text)) {
        if (!letterOrDigitBefore(text, found.index)) return true;
        re.lastIndex = found.index + ((text.codePointAt(found.index) ?? 0) > 0xffff ? 2 : 1);
      }
      return false;
    },
  };
}
