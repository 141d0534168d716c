import { attr, child, children, type XmlElement } from './xml-tree.js';
import { ownText, plainText, readItemBody, readTextValue } from './content.js';
import { parseDate } from './dates.js';
import { authorName, uniqueNames } from './authors.js';
import { isFeedProxyUrl, resolveUrl, webUrl } from '../core/urls.js';

/** Readers for fields that RSS, RDF and Atom items share (a feed may mix their elements). */

export function firstDate(el: XmlElement, keys: string[]): string | null {
  for (const key of keys) {
    for (const dateEl of children(el, key)) {
      const parsed = parseDate(plainText(dateEl));
      if (parsed) return parsed;
    }
  }
  return null;
}

/** Plain-text title: HTML-typed (or HTML-looking) titles are reduced to their text. */
export function titleOf(el: XmlElement | undefined, defaultReading: 'guess' | 'text'): string | null {
  if (!el) return null;
  // A title present but reduced to nothing (only an image) is '', not absent.
  return readTextValue(el, defaultReading).text;
}

/**
 * The body HTML of item `el`: of the first element among `keys` (in order of
 * preference) that says something, or null: an empty <description> gives way
 * to the next candidate. `media:group/media:description` may be listed as a
 * key too. URLs stay relative to the item's base (readItemBody).
 */
export function htmlOf(el: XmlElement, keys: string[], defaultReading: 'guess' | 'text' | 'html'): string | null {
  for (const key of keys) {
    const [first, second] = key.split('/');
    const candidates = second ? children(el, first ?? '').flatMap((group) => children(group, second)) : children(el, key);
    for (const found of candidates) {
      const html = readItemBody(found, defaultReading, el.base);
      if (html.trim() !== '') return html;
    }
  }
  return null;
}

/** Atom person constructs (<author><name>), Atom 0.3 plain authors, and RSS name-ish elements. */
export function authorsOf(el: XmlElement, plainKeys: string[]): string[] {
  const names: Array<string | null> = [];
  for (const person of children(el, 'atom:author', 'author')) {
    const name = child(person, 'atom:name', 'name');
    const email = child(person, 'atom:email', 'email');
    if (name || email) names.push(authorName(plainText(name)) ?? authorName(plainText(email)));
    else if (person.key === 'author') names.push(authorName(plainText(person)));
  }
  for (const key of plainKeys) {
    for (const nameEl of children(el, key)) names.push(authorName(plainText(nameEl)));
  }
  return uniqueNames(names);
}

export function categoriesOf(el: XmlElement): string[] {
  const terms: string[] = [];
  for (const category of children(el, 'category', 'atom:category', 'dc:subject', 'media:category', 'itunes:keywords')) {
    // iTunes keywords are one comma-separated list; every other element is one term.
    const values = category.key === 'itunes:keywords' ? ownText(category).split(',') : [attr(category, 'term') ?? attr(category, 'label') ?? ownText(category)];
    for (const value of values) {
      const trimmed = value.trim();
      if (trimmed && !terms.includes(trimmed)) terms.push(trimmed);
    }
  }
  return terms;
}

/** An Atom link's target: href, or (Atom 0.3 in the wild) the element's text. */
function linkTarget(link: XmlElement): string | null {
  const href = attr(link, 'href') ?? plainText(link);
  return href ? resolveUrl(href, link.base) : null;
}

/**
 * The alternate link among Atom links, preferring HTML; a link without rel is
 * alternate. Only http(s) pages count, and a feed proxy's redirect loses to
 * any other alternate (it is a click counter in front of the same page).
 */
export function alternateLink(el: XmlElement, keys: string[]): string | null {
  const alternates = children(el, ...keys).filter((link) => (attr(link, 'rel')?.trim().toLowerCase() || 'alternate') === 'alternate');
  const html = alternates.find((link) => /html/i.test(attr(link, 'type') ?? 'text/html'));
  const targets = (html ? [html, ...alternates] : alternates).map((link) => webUrl(linkTarget(link))).filter((t): t is string => t !== null);
  return targets.find((t) => !isFeedProxyUrl(t)) ?? targets[0] ?? null;
}

/** FeedBurner's `feedburner:origLink`: the publisher's own URL of an item whose links go through the proxy. */
export function originalLink(el: XmlElement): string | null {
  const orig = child(el, 'feedburner:origlink');
  return orig ? webUrl(resolveUrl(plainText(orig), orig.base)) : null;
}

export function linkWithRel(el: XmlElement, keys: string[], rel: string): string | null {
  for (const link of children(el, ...keys)) {
    if (attr(link, 'rel')?.trim().toLowerCase() === rel) {
      const target = linkTarget(link);
      if (target) return target;
    }
  }
  return null;
}

export function languageOf(el: XmlElement, keys: string[]): string | null {
  return plainText(child(el, ...keys)) ?? el.lang?.trim() ?? null;
}

const PERIOD_SECONDS: Record<string, number> = { hourly: 3600, daily: 86400, weekly: 604800, monthly: 2592000, yearly: 31536000 };

/** <ttl> (minutes) or the syndication module's period/frequency, in seconds. */
export function ttlOf(channel: XmlElement): number | null {
  const ttl = Number(plainText(child(channel, 'ttl')));
  if (Number.isFinite(ttl) && ttl > 0) return Math.round(ttl * 60);
  const period = PERIOD_SECONDS[plainText(child(channel, 'sy:updateperiod'))?.toLowerCase() ?? ''];
  if (period === undefined) return null;
  const frequency = Number(plainText(child(channel, 'sy:updatefrequency')) ?? '1');
  return Math.round(period / (Number.isFinite(frequency) && frequency > 0 ? frequency : 1));
}
