import type { ParsedFeed } from '../core/model.js';
import { attr, child, children, type XmlElement } from './xml-tree.js';
import { plainText } from './content.js';
import { alternateLink, authorsOf, categoriesOf, firstDate, htmlOf, languageOf, linkWithRel, originalLink, titleOf, ttlOf } from './fields.js';
import { enclosuresOf, imageOf } from './media.js';
import { finalizeItems, type ItemDraft } from './items.js';
import { isFeedProxyUrl, resolveUrl, webUrl } from '../core/urls.js';

/** RSS 0.9x/2.0 and RDF (RSS 0.90/1.0): <channel> with <item>s inside it or beside it. */

const CONTENT_KEYS = ['content:encoded', 'xhtml:body', 'body', 'fullitem', 'atom:content'];
// A podcast or video item often has no text but its iTunes or Media RSS description: that is its body.
const SUMMARY_KEYS = ['description', 'dc:description', 'atom:summary', 'summary', 'itunes:summary', 'media:description', 'media:group/media:description'];
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The guid as the item's page, unless it says isPermaLink="false" (the attribute defaults to true). */
function permalinkGuid(guidEl: XmlElement | undefined): string | null {
  const guid = plainText(guidEl);
  if (!guid || !guidEl || attr(guidEl, 'isPermaLink')?.trim().toLowerCase() === 'false') return null;
  // Parsed like any link, so what is returned is a valid absolute URL, not merely text that starts like one.
  return webUrl(resolveUrl(guid, null));
}

/**
 * The item's page: FeedBurner's origLink, else <link>, else an Atom alternate,
 * else a permalink guid. A link through a feed proxy gives way to a permalink
 * guid that points at the publisher itself.
 */
function itemLink(item: XmlElement, guidEl: XmlElement | undefined): string | null {
  const original = originalLink(item);
  if (original) return original;
  const link = webUrl(resolveUrl(plainText(child(item, 'link')), item.base)) ?? alternateLink(item, ['atom:link']);
  const permalink = permalinkGuid(guidEl);
  if (link && permalink && isFeedProxyUrl(link) && !isFeedProxyUrl(permalink)) return permalink;
  return link ?? permalink;
}

function readItem(item: XmlElement, channelLanguage: string | null): ItemDraft {
  const guidEl = child(item, 'guid', 'atom:id', 'dc:identifier');
  const guid = plainText(guidEl);
  const url = itemLink(item, guidEl);
  const enclosures = enclosuresOf(item);
  return {
    guid: guid && !HAS_SCHEME.test(guid) && guidEl?.key === 'atom:id' ? resolveUrl(guid, item.base) ?? guid : guid,
    url,
    title: titleOf(child(item, 'title', 'dc:title', 'atom:title', 'media:title'), 'guess'),
    authors: authorsOf(item, ['dc:creator', 'dc:author', 'itunes:author', 'dc:contributor']),
    publishedAt: firstDate(item, ['pubdate', 'atom:published', 'dcterms:issued', 'atom:issued', 'dc:date', 'dcterms:created']),
    updatedAt: firstDate(item, ['dc:date', 'dcterms:modified', 'atom:updated', 'atom:modified']),
    summaryHtml: htmlOf(item, SUMMARY_KEYS, 'html'),
    contentHtml: htmlOf(item, CONTENT_KEYS, 'html'),
    baseUrl: item.base ?? url,
    categories: categoriesOf(item),
    imageUrl: imageOf(item, enclosures),
    enclosures,
    language: languageOf(item, ['dc:language', 'language']) ?? channelLanguage,
  };
}

export function readRss(root: XmlElement, maxItems?: number): ParsedFeed {
  const channel = root.key === 'channel' ? root : (child(root, 'channel') ?? root);
  const items = channel === root ? children(root, 'item') : [...children(channel, 'item'), ...children(root, 'item')];
  const language = languageOf(channel, ['language', 'dc:language']);
  const generator = plainText(child(channel, 'generator', 'admin:generatoragent')) ?? attr(child(channel, 'admin:generatoragent') ?? channel, 'resource') ?? '';
  const link = plainText(child(channel, 'link'));
  return {
    kind: root.key === 'rdf:rdf' ? 'rdf' : /wordpress/i.test(generator) ? 'wordpress' : 'rss',
    title: titleOf(child(channel, 'title', 'dc:title', 'atom:title'), 'guess'),
    siteUrl: webUrl(link ? resolveUrl(link, channel.base) : null) ?? alternateLink(channel, ['atom:link']),
    language,
    ttlSeconds: ttlOf(channel),
    hubUrl: linkWithRel(channel, ['atom:link'], 'hub'),
    selfUrl: webUrl(linkWithRel(channel, ['atom:link'], 'self')),
    items: finalizeItems(items.map((item) => readItem(item, language)), maxItems),
  };
}
