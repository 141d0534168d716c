import { PIXEL_PATHS, SHARE_URLS, TRACKER_URLS } from '../../../config/phrases/index.js';
import { attr, elementsOf, isAttached, removeNode, textOf, unwrap, type Element } from '../dom.js';
import { escapeRegExp } from '../match.js';
import { countWords } from '../text.js';
import type { CleaningRule } from './rule.js';

const MAX_LABEL_WORDS = 6;

/** host + path of a URL, lower case, without scheme, "www." kept (the lists say which they mean). */
function hostAndPath(url: string): string {
  return url.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:/, '').replace(/^\/\//, '');
}

/**
 * A tracker's host and path at the start of the target, or after a dot ("pixel.wp.com/" also matches
 * "i0.pixel.wp.com/"): every pattern in one regex, where a loop of startsWith and includes over the list cost
 * ~130 string searches a link.
 */
const TRACKER = new RegExp(`(?:^|\\.)(?:${TRACKER_URLS.map(escapeRegExp).join('|')})`);

function isTrackerTarget(target: string): boolean {
  return TRACKER.test(target);
}

/** A link to a network's share endpoint ("facebook.com/sharer.php?u=…", "mailto:?subject=…"): a share button. */
function isShareTarget(target: string): boolean {
  return SHARE_URLS.some((re) => re.test(target));
}

export function isTrackerUrl(url: string): boolean {
  return url !== '' && isTrackerTarget(hostAndPath(url));
}

function pixelSize(value: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(value);
  return match ? Number(match[1]) : null;
}

const STYLE_SIZE = {
  width: /(?:^|;)\s*width\s*:\s*(\d+(?:\.\d+)?)px/i,
  height: /(?:^|;)\s*height\s*:\s*(\d+(?:\.\d+)?)px/i,
};

function styleSize(style: string, property: 'width' | 'height'): number | null {
  const match = STYLE_SIZE[property].exec(style);
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
  const path = hostAndPath(attr(img, 'src'));
  if (path !== '' && isTrackerTarget(path)) return true;
  return PIXEL_PATHS.some((re) => re.test(path));
}

function isTrackerOrShareLink(href: string): boolean {
  if (href === '') return false;
  const target = hostAndPath(href);
  return isTrackerTarget(target) || isShareTarget(target);
}

export const trackingImages: CleaningRule = {
  name: 'tracking-images',
  countsEveryEdit: true,
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
      } else if (el.name === 'a' && isTrackerOrShareLink(attr(el, 'href'))) {
        // A tracker link around an image or a label goes; around a real sentence it only loses the link.
        if (countWords(textOf(el)) <= MAX_LABEL_WORDS) removeNode(el);
        else unwrap(el);
        removed++;
      }
    }
    return removed;
  },
};
