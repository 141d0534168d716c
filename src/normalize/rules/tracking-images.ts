import { PIXEL_PATHS, SHARE_URLS, TRACKER_URLS } from '../../../config/phrases/index.js';
import { attr, elementsOf, isAttached, removeNode, textOf, unwrap, type Element } from '../dom.js';
import { countWords } from '../text.js';
import type { CleaningRule } from './rule.js';

const MAX_LABEL_WORDS = 6;

/** host + path of a URL, lower case, without scheme, "www." kept (the lists say which they mean). */
function hostAndPath(url: string): string {
  return url.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:/, '').replace(/^\/\//, '');
}

/** "pixel.wp.com/" also matches "i0.pixel.wp.com/": the dotted forms are built once, not per link. */
const DOTTED_TRACKERS = TRACKER_URLS.map((pattern) => `.${pattern}`);

export function isTrackerUrl(url: string): boolean {
  if (!url) return false;
  const target = hostAndPath(url);
  for (let i = 0; i < TRACKER_URLS.length; i++) {
    if (target.startsWith(TRACKER_URLS[i] as string) || target.includes(DOTTED_TRACKERS[i] as string)) return true;
  }
  return false;
}

/** A link to a network's share endpoint ("facebook.com/sharer.php?u=…", "mailto:?subject=…"): a share button. */
export function isShareUrl(url: string): boolean {
  if (!url) return false;
  const target = hostAndPath(url);
  return SHARE_URLS.some((re) => re.test(target));
}

function pixelSize(value: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(value);
  return match ? Number(match[1]) : null;
}

function styleSize(style: string, property: 'width' | 'height'): number | null {
  const match = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*(\\d+(?:\\.\\d+)?)px`, 'i').exec(style);
  return match ? Number(match[1]) : null;
}

/** A 1×1 (or 0×0, or hidden) image, or one served by a counter: it measures the reader, it shows nothing. */
export function isTrackingImage(img: Element): boolean {
  const style = attr(img, 'style');
  const width = pixelSize(attr(img, 'width')) ?? styleSize(style, 'width');
  const height = pixelSize(attr(img, 'height')) ?? styleSize(style, 'height');
  if (width !== null && height !== null && width <= 1 && height <= 1) return true;
  if ((width === 0 || height === 0) && (width ?? 0) <= 1 && (height ?? 0) <= 1) return true;
  if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  const src = attr(img, 'src');
  if (isTrackerUrl(src)) return true;
  const path = hostAndPath(src);
  return PIXEL_PATHS.some((re) => re.test(path));
}

export const trackingImages: CleaningRule = {
  name: 'tracking-images',
  removes:
    'tracking pixels (1×1, hidden, or served by a counter such as pixel.wp.com or FeedBurner ~r/), and the links ' +
    'to FeedBurner flares, feed ads, comment counters and networks\' share endpoints (sharer.php, intent/tweet, ' +
    '"mailto:?subject=") that only wrap such images or a few words',
  apply({ root }) {
    let removed = 0;
    for (const el of elementsOf(root)) {
      if (!isAttached(el, root)) continue;
      if (el.name === 'img' && isTrackingImage(el)) {
        removeNode(el);
        removed++;
      } else if (el.name === 'a' && (isTrackerUrl(attr(el, 'href')) || isShareUrl(attr(el, 'href')))) {
        // A tracker link around an image or a label goes; around a real sentence it only loses the link.
        if (countWords(textOf(el)) <= MAX_LABEL_WORDS) removeNode(el);
        else unwrap(el);
        removed++;
      }
    }
    return removed;
  },
};
