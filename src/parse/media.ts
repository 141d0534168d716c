import type { Enclosure } from '../core/model.js';
import { attr, child, children, type XmlElement } from './xml-tree.js';
import { plainText } from './content.js';
import { resolveUrl } from './urls.js';

/** Images and attachments of an item, from RSS enclosures, Atom enclosure links, Media RSS and iTunes tags. */

function urlAttr(el: XmlElement, name: string): string | null {
  const value = attr(el, name);
  return value ? resolveUrl(value, el.base) : null;
}

function parseLength(value: string | undefined): number | null {
  if (!value) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function isImageType(type: string | null): boolean {
  return !!type && type.toLowerCase().startsWith('image/');
}

/** media:* elements directly in the item, or grouped in media:group. */
function mediaElements(item: XmlElement, key: string): XmlElement[] {
  const groups = children(item, 'media:group');
  return [...children(item, key), ...groups.flatMap((g) => children(g, key))];
}

export function enclosuresOf(item: XmlElement): Enclosure[] {
  const found: Enclosure[] = [];
  for (const el of children(item, 'enclosure')) {
    const url = urlAttr(el, 'url') ?? urlAttr(el, 'href');
    if (url) found.push({ url, type: attr(el, 'type')?.trim() || null, length: parseLength(attr(el, 'length')) });
  }
  for (const el of children(item, 'atom:link', 'link')) {
    if (attr(el, 'rel')?.trim().toLowerCase() !== 'enclosure') continue;
    const url = urlAttr(el, 'href');
    if (url) found.push({ url, type: attr(el, 'type')?.trim() || null, length: parseLength(attr(el, 'length')) });
  }
  for (const el of mediaElements(item, 'media:content')) {
    const url = urlAttr(el, 'url');
    if (url) found.push({ url, type: attr(el, 'type')?.trim() || null, length: parseLength(attr(el, 'filesize')) });
  }
  const seen = new Set<string>();
  return found.filter((e) => !seen.has(e.url) && seen.add(e.url));
}

export function imageOf(item: XmlElement, enclosures: Enclosure[]): string | null {
  for (const thumb of mediaElements(item, 'media:thumbnail')) {
    const url = urlAttr(thumb, 'url');
    if (url) return url;
  }
  for (const content of mediaElements(item, 'media:content')) {
    const nested = child(content, 'media:thumbnail');
    const nestedUrl = nested ? urlAttr(nested, 'url') : null;
    if (nestedUrl) return nestedUrl;
    const medium = attr(content, 'medium')?.toLowerCase();
    if (medium === 'image' || isImageType(attr(content, 'type') ?? null)) {
      const url = urlAttr(content, 'url');
      if (url) return url;
    }
  }
  const imageEnclosure = enclosures.find((e) => isImageType(e.type));
  if (imageEnclosure) return imageEnclosure.url;
  const itunesImage = child(item, 'itunes:image');
  const itunesUrl = itunesImage ? (urlAttr(itunesImage, 'href') ?? resolveUrl(plainText(itunesImage), itunesImage.base)) : null;
  if (itunesUrl) return itunesUrl;
  for (const link of children(item, 'itunes:link')) {
    if (attr(link, 'rel')?.trim().toLowerCase() === 'image') {
      const url = urlAttr(link, 'href');
      if (url) return url;
    }
  }
  return null;
}
