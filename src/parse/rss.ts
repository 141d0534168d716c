import type { ParsedFeed } from '../core/model.js';
import { attr, child, children, type XmlElement } from './xml-tree.js';
import { plainText } from './content.js';
import { alternateLink, authorsOf, categoriesOf, firstDate, htmlOf, languageOf, linkWithRel, titleOf, ttlOf } from './fields.js';
import { enclosuresOf, imageOf } from './media.js';
import { finalizeItems, type ItemDraft } from './items.js';
import { resolveUrl, webUrl } from './urls.js';

/** RSS 0.9x/2.0 and RDF (RSS 0.90/1.0): <channel> with <item>s inside it or beside it. */

const CONTENT_KEYS = ['content:encoded', 'xhtml:body', 'body', 'fullitem', 'atom:content'];
const SUMMARY_KEYS = ['description', 'dc:description', 'atom:summary', 'summary'];
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function itemLink(item: XmlElement, guidEl: XmlElement | undefined): string | null {
  const link = webUrl(resolveUrl(plainText(child(item, 'link')), item.base));
  if (link) return link;
  const atomLink = alternateLink(item, ['atom:link']);
  if (atomLink) return atomLink;
  // A guid is the item's permalink unless it says isPermaLink="false".
  const guid = plainText(guidEl);
  // Parsed like any link, so what is returned is a valid absolute URL, not merely text that starts like one.
  if (guid && guidEl && attr(guidEl, 'ispermalink')?.trim().toLowerCase() !== 'false') return webUrl(resolveUrl(guid, null));
  return null;
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
    items: finalizeItems(items.map((item) => readItem(item, language)), maxItems),
  };
}
