import { attr, elementsOf, isAttached, isElement, isText, nextNonBlank, removeNode, unwrap, type Element } from '../dom.js';
import type { CleaningRule } from './rule.js';

/**
 * Lazy-loading plugins (WP Rocket, a3 Lazy Load, Jetpack, Smush, native themes) ship an image whose `src` is a
 * placeholder and whose real URL sits in a data attribute, often followed by a `<noscript>` copy. Without
 * scripts the reader would see the placeholder, or nothing once the sanitizer drops the data: URL.
 */
const REAL_SRC_ATTRIBUTES = ['data-lazy-src', 'data-src', 'data-original', 'data-orig-src', 'data-lazyload', 'data-large-file', 'data-orig-file'];
const REAL_SRCSET_ATTRIBUTES = ['data-lazy-srcset', 'data-srcset'];
/** The file names lazy-loading plugins give their stand-in images. */
const PLACEHOLDER_NAME = /(?:^|[/_-])(?:blank|spacer|placeholder|lazy[\w-]*|loading|transparent|grey|gray|pixel|1x1)\.(?:gif|png|svg|jpe?g|webp)(?:$|[?#])/iu;

function isHttpUrl(value: string): boolean {
  return /^(?:https?:)?\/\/\S/iu.test(value.trim()) || /^\/[^/]/u.test(value.trim());
}

/** A src that shows nothing real: missing, a data: URI (SVG or GIF stand-in) or a known placeholder file. */
export function isPlaceholderSrc(src: string): boolean {
  const value = src.trim();
  return value === '' || value === '#' || /^data:/iu.test(value) || /^about:blank$/iu.test(value) || PLACEHOLDER_NAME.test(value);
}

/** The widest candidate of a srcset ("a.jpg 300w, b.jpg 1024w" → b.jpg). */
export function largestFromSrcset(srcset: string): string | null {
  let best: { url: string; size: number } | null = null;
  for (const candidate of srcset.split(/,\s+(?=\S)/u)) {
    const [url, descriptor = '1x'] = candidate.trim().split(/\s+/u);
    if (!url || !isHttpUrl(url)) continue;
    const size = Number.parseFloat(descriptor) || 1;
    if (!best || size > best.size) best = { url, size };
  }
  return best?.url ?? null;
}

function realSource(img: Element): string | null {
  for (const name of REAL_SRC_ATTRIBUTES) {
    const value = attr(img, name).trim();
    if (value && isHttpUrl(value) && !isPlaceholderSrc(value)) return value;
  }
  for (const name of [...REAL_SRCSET_ATTRIBUTES, 'srcset']) {
    const url = largestFromSrcset(attr(img, name));
    if (url) return url;
  }
  return null;
}

/** The image inside a `<noscript>` right after the lazy one, if that is all the noscript holds. */
function noscriptFallback(img: Element): Element | null {
  const anchor = img.parent && isElement(img.parent) && img.parent.name === 'picture' ? img.parent : img;
  const next = nextNonBlank(anchor);
  if (!next || !isElement(next) || next.name !== 'noscript') return null;
  const images = elementsOf(next).filter((el) => el.name === 'img');
  const onlyImage = next.children.every((c) => (isText(c) && c.data.trim() === '') || isElement(c));
  return images.length === 1 && onlyImage ? next : null;
}

export const lazyImages: CleaningRule = {
  name: 'lazy-images',
  removes:
    'lazy-loading stand-ins: the placeholder src (data: SVG/GIF, blank.gif) is replaced by the real URL from ' +
    'data-src, data-lazy-src or data-srcset; a <noscript> copy is kept instead when the lazy image has no URL, and ' +
    'dropped as a duplicate when it has one',
  apply({ root }) {
    let changed = 0;
    for (const img of elementsOf(root)) {
      if (img.name !== 'img' || !isAttached(img, root)) continue;
      const src = attr(img, 'src');
      const fallback = noscriptFallback(img);
      if (!isPlaceholderSrc(src)) {
        // Already real: a noscript copy right after it would show the image twice.
        if (fallback) {
          removeNode(fallback);
          changed++;
        }
        continue;
      }
      const real = realSource(img);
      if (real) {
        img.attribs['src'] = real;
        if (fallback) removeNode(fallback);
        changed++;
      } else if (fallback) {
        // The only copy with a URL is the noscript one: the stand-in goes, the noscript is unwrapped.
        const picture = img.parent && isElement(img.parent) && img.parent.name === 'picture' ? img.parent : null;
        removeNode(picture ?? img);
        unwrap(fallback);
        changed++;
      }
    }
    return changed;
  },
};
