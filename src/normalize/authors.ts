/**
 * Who wrote an article. Authors are people: account and role names ("admin",
 * "Redaktion") are dropped wherever they come from, and names are merged
 * from the body's byline, the feed (dc:creator, author) and the page.
 */
import { LEXICON, type Lexicon } from './lexicon.js';
import { matchKey } from './match.js';

/** Lower-case words that may sit inside a name: "Ludwig van Beethoven", "Juan de la Cruz". */
export const PARTICLES: ReadonlySet<string> = new Set([
  'de', 'da', 'das', 'do', 'dos', 'del', 'della', 'delle', 'der', 'den', 'di', 'du', 'van', 'von', 'la', 'le', 'y', 'bin',
  'ibn', 'al', 'el', 'ter', 'ten', 'zu', 'zum', 'af', 'av', 'e',
]);

/** Capitalised words that start headings and sentences, never names: "By The Numbers". */
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'my', 'your', 'his', 'her', 'their', 'its', 'how', 'why',
  'what', 'when', 'where', 'who', 'which', 'all', 'any', 'every', 'some', 'no', 'not', 'one', 'two', 'new', 'more',
  'most', 'end', 'way', 'now', 'then', 'far', 'day', 'night', 'week', 'year', 'time', 'numbers', 'design', 'default',
  'request', 'popular', 'demand', 'chance', 'accident', 'contrast', 'comparison', 'email', 'phone', 'mail', 'hand',
  'el', 'los', 'las', 'un', 'una', 'der', 'die', 'das', 'ein', 'eine', 'le', 'les', 'une', 'o', 'os', 'um', 'uma', 'il',
  'lo', 'gli', 'het', 'een', 'und', 'and', 'with', 'for', 'of', 'in', 'on', 'at', 'to', 'from',
]);

const CAPITALISED = /^(?:\p{Lu}[\p{L}\p{M}'’.-]*|\p{Lu}\.)$/u;
const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv|phd|md)$/i;

function nameTokens(name: string): string[] {
  return name.split(/\s+/).filter((t) => t !== '');
}

function isNameToken(token: string, lexicon: Lexicon): boolean {
  if (PARTICLES.has(token)) return true;
  const lower = token.toLowerCase();
  if (NOT_NAME_WORDS.has(lower) || lexicon.roleWords.has(lower)) return false;
  return CAPITALISED.test(token) || SUFFIX.test(token);
}

/** "Jane Doe", "Juan de la Cruz", "J. R. Smith": two to six words, first and last capitalised. */
export function looksLikePersonName(name: string, lexicon: Lexicon = LEXICON): boolean {
  const tokens = nameTokens(name);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last || tokens.length < 2 || tokens.length > 6) return false;
  if (!CAPITALISED.test(first) || !(CAPITALISED.test(last) || SUFFIX.test(last))) return false;
  return tokens.every((t) => isNameToken(t, lexicon)) && !isHandle(name, lexicon);
}

/** An account, role or address rather than a person: "admin", "jdoe", "news@site.example", "Redacción". */
/** A handle from the phrase lists ("admin", "Redaktion"), not merely a lower-case word. */
export function isListedHandle(name: string, lexicon: Lexicon = LEXICON): boolean {
  return lexicon.handles.has(matchKey(name));
}

export function isHandle(name: string, lexicon: Lexicon = LEXICON): boolean {
  const trimmed = name.trim();
  if (!trimmed || !/\p{L}/u.test(trimmed)) return true;
  if (isListedHandle(trimmed, lexicon)) return true;
  if (/^[\p{Ll}\p{N}._-]+$/u.test(trimmed)) return true;
  return /\d|@|^https?:|^www\./i.test(trimmed);
}

function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, lead: string, ch: string) => lead + ch.toUpperCase());
}

/** Spacing collapsed, a leading "By" and trailing punctuation dropped, SHOUTED NAMES title-cased. */
export function tidyName(raw: string): string {
  const name = raw
    .replace(/\s+/g, ' ')
    .replace(/^\s*by\s+/i, '')
    .replace(/^[\s,;:|•·–—-]+|[\s,;:|•·–—-]+$/gu, '')
    .trim();
  const letters = name.replace(/[^\p{L}]/gu, '');
  return letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() ? titleCase(name) : name;
}

export function splitNames(raw: string, lexicon: Lexicon = LEXICON): string[] {
  return raw.split(lexicon.nameSeparator).map(tidyName);
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = matchKey(n);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every word a role title or a joining word: "Staff Writer", "Guest Blogger", "Redakteurin". */
function isRoleOnly(part: string, lexicon: Lexicon): boolean {
  const words = part.toLowerCase().replace(/[()[\]]/g, ' ').split(/\s+/).filter((w) => w !== '');
  return words.length > 0 && words.every((w) => lexicon.roleWords.has(w.replace(/[.:,]+$/, '')));
}

/**
 * A name with its role around it reduced to the name: "Jane Doe, Staff
 * Writer", "Jane Doe (Editor)", "Guest Blogger Jane Doe". Role words are only
 * dropped from the ends, and only while a name is left.
 */
function withoutRoles(value: string, lexicon: Lexicon): string {
  let name = value.replace(/\s*\(([^()]*)\)\s*$/u, (whole, inside: string) => (isRoleOnly(inside, lexicon) ? '' : whole)).trim();
  const parts = name.split(/\s*[,|–—]\s*|\s+-\s+/u).filter((p) => p !== '');
  const kept = parts.filter((p) => !isRoleOnly(p, lexicon));
  if (kept.length > 0 && kept.length < parts.length) name = kept.join(', ');
  const tokens = nameTokens(name);
  const isRole = (t: string) => lexicon.roleWords.has(t.toLowerCase().replace(/[.:,]+$/, ''));
  let start = 0;
  let end = tokens.length;
  while (start < end && isRole(tokens[start] ?? '')) start += 1;
  while (end > start && isRole(tokens[end - 1] ?? '')) end -= 1;
  const core = tokens.slice(start, end).join(' ');
  return (start > 0 || end < tokens.length) && looksLikePersonName(core, lexicon) ? core : tokens.join(' ');
}

/**
 * A name the feed itself declares (dc:creator, author) is the author as the
 * site calls them, even when lower-case or with digits ("contra", "/u/name",
 * "author name 1"). Only what cannot be a name goes: e-mail addresses, URLs,
 * the listed account and desk names ("admin", "Redaktion"), role titles alone.
 */
function isDeclaredNonName(name: string, lexicon: Lexicon): boolean {
  if (!/\p{L}/u.test(name) || isListedHandle(name, lexicon) || isRoleOnly(name, lexicon)) return true;
  return /@|^https?:|^www\./i.test(name);
}

/**
 * People among names given by a feed or page: "Jane Doe and John Roe" is
 * split when every part is a name; role titles are dropped from around a
 * name; handles, addresses and empty values go (`declared`: names the feed
 * gives for the item, where only what cannot be a name goes).
 */
export function personNames(raw: readonly string[], lexicon: Lexicon = LEXICON, declared = false): string[] {
  const out: string[] = [];
  for (const value of raw) {
    const name = withoutRoles(tidyName(value), lexicon);
    const parts = splitNames(name, lexicon).filter((p) => p !== '');
    if (parts.length > 1 && parts.every((p) => looksLikePersonName(p, lexicon))) out.push(...parts);
    else if (declared ? !isDeclaredNonName(name, lexicon) : !isHandle(name, lexicon)) out.push(name);
  }
  return dedupe(out);
}

/**
 * A byline in the body names the authors; otherwise the feed's people are
 * the authors, and the page's (JSON-LD, meta) when the feed has none.
 */
export function mergeAuthors(byline: readonly string[], feed: readonly string[], page: readonly string[]): string[] {
  const fromByline = personNames(byline);
  if (fromByline.length > 0) return fromByline;
  const fromFeed = personNames(feed, LEXICON, true);
  return fromFeed.length > 0 ? fromFeed : personNames(page);
}
