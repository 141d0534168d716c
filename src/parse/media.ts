import type { Enclosure } from '../core/model.js';
import { attr, child, children, type XmlElement } from './xml-tree.js';
import { plainText } from './content.js';
import { resolveUrl } from '../core/urls.js';

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

const MEDIA = new Set(['image', 'audio', 'video', 'document', 'executable']);

/** Media RSS `medium`, else the top-level part of the MIME type when it names one. */
function mediumOf(medium: string | undefined, type: string | null, fallback: string | null = null): string | null {
  const declared = medium?.trim().toLowerCase();
  if (declared && MEDIA.has(declared)) return declared;
  const top = type?.split('/')[0]?.toLowerCase();
  return top && MEDIA.has(top) ? top : fallback;
}

/** A media:title on the element itself, else on its group, else on the item. */
function mediaTitle(...scopes: Array<XmlElement | undefined>): string | null {
  for (const scope of scopes) {
    const title = scope ? plainText(child(scope, 'media:title')) : null;
    if (title) return title;
  }
  return null;
}

function entry(url: string, type: string | undefined, length: string | undefined, medium: string | null, title: string | null): Enclosure {
  return { url, type: type?.trim() || null, length: parseLength(length), medium, title };
}

export function enclosuresOf(item: XmlElement): Enclosure[] {
  const found: Enclosure[] = [];
  for (const el of children(item, 'enclosure')) {
    const url = urlAttr(el, 'url') ?? urlAttr(el, 'href');
    const type = attr(el, 'type');
    if (url) found.push(entry(url, type, attr(el, 'length'), mediumOf(undefined, type ?? null), attr(el, 'title')?.trim() || null));
  }
  for (const el of children(item, 'atom:link', 'link')) {
    if (attr(el, 'rel')?.trim().toLowerCase() !== 'enclosure') continue;
    const url = urlAttr(el, 'href');
    const type = attr(el, 'type');
    if (url) found.push(entry(url, type, attr(el, 'length'), mediumOf(undefined, type ?? null), attr(el, 'title')?.trim() || null));
  }
  const groups = children(item, 'media:group');
  const scoped = [...children(item, 'media:content').map((el) => [el, undefined] as const), ...groups.flatMap((g) => children(g, 'media:content').map((el) => [el, g] as const))];
  for (const [el, group] of scoped) {
    const url = urlAttr(el, 'url');
    const type = attr(el, 'type');
    if (url) found.push(entry(url, type, attr(el, 'fileSize'), mediumOf(attr(el, 'medium'), type ?? null), mediaTitle(el, group, item)));
  }
  // Thumbnails are images of the item too (a video's poster, an article's picture).
  for (const el of mediaElements(item, 'media:thumbnail')) {
    const url = urlAttr(el, 'url');
    if (url) found.push({ url, type: null, length: null, medium: 'image', title: null });
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
    const medium = attr(content, 'medium')?.trim().toLowerCase();
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
