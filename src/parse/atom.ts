import type { ParsedFeed } from '../core/model.js';
import { child, children, type XmlElement } from './xml-tree.js';
import { plainText } from './content.js';
import { alternateLink, authorsOf, categoriesOf, firstDate, htmlOf, languageOf, linkWithRel, originalLink, titleOf, ttlOf } from './fields.js';
import { enclosuresOf, imageOf } from './media.js';
import { finalizeItems, type ItemDraft } from './items.js';
import { resolveUrl, webUrl } from '../core/urls.js';

/**
 * Atom 1.0 and 0.3. Elements are matched in the Atom namespace or in none
 * (feeds that forget xmlns), so each key is listed both ways.
 */

const both = (...names: string[]): string[] => names.flatMap((n) => [`atom:${n}`, n]);
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function entryId(entry: XmlElement): string | null {
  const idEl = child(entry, ...both('id'), 'guid');
  const id = plainText(idEl);
  // Ids are opaque, but a relative one is relative to the entry's base (feedparser resolves it too).
  if (id && idEl && !HAS_SCHEME.test(id) && idEl.base) return resolveUrl(id, idEl.base) ?? id;
  return id;
}

function readEntry(entry: XmlElement, feedLanguage: string | null): ItemDraft {
  const url = originalLink(entry) ?? alternateLink(entry, both('link'));
  const enclosures = enclosuresOf(entry);
  const updatedAt = firstDate(entry, [...both('updated', 'modified'), 'dcterms:modified', 'dc:date']);
  return {
    guid: entryId(entry),
    url,
    title: titleOf(child(entry, ...both('title'), 'dc:title', 'media:title'), 'text'),
    authors: authorsOf(entry, ['dc:creator', 'dc:author']),
    // An entry that only says when it was updated was published then, as far as a reader can tell.
    publishedAt: firstDate(entry, [...both('published', 'issued', 'created'), 'dcterms:issued', 'dc:date', 'pubdate']) ?? updatedAt,
    updatedAt,
    summaryHtml: htmlOf(entry, [...both('summary'), 'description', 'dc:description', 'itunes:summary', 'media:description', 'media:group/media:description'], 'text'),
    contentHtml: htmlOf(entry, [...both('content'), 'content:encoded', 'xhtml:body', 'body'], 'text'),
    baseUrl: entry.base ?? url,
    categories: categoriesOf(entry),
    imageUrl: imageOf(entry, enclosures),
    enclosures,
    language: languageOf(entry, ['dc:language']) ?? feedLanguage,
  };
}

export function readAtom(root: XmlElement, maxItems?: number): ParsedFeed {
  const language = languageOf(root, ['dc:language']);
  return {
    kind: 'atom',
    title: titleOf(child(root, ...both('title')), 'text'),
    siteUrl: alternateLink(root, both('link')),
    language,
    ttlSeconds: ttlOf(root),
    hubUrl: linkWithRel(root, both('link'), 'hub'),
    selfUrl: webUrl(linkWithRel(root, both('link'), 'self')),
    items: finalizeItems(children(root, ...both('entry')).map((entry) => readEntry(entry, language)), maxItems),
  };
}
