import { WIDGET_MARKERS } from '../../../config/phrases/index.js';
import { elementsOf, isAttached, markerTokens, removeNode, textOutsideLinks, type Element } from '../dom.js';
import { countWords } from '../text.js';
import type { CleaningRule } from './rule.js';

/** More words than this outside links means the element carries prose: it stays whatever its class says. */
const MAX_WIDGET_PROSE_WORDS = 50;

const exact = new Set<string>();
const prefixes: string[] = [];
for (const marker of Object.values(WIDGET_MARKERS).flat()) {
  if (marker.endsWith('*')) prefixes.push(marker.slice(0, -1));
  else exact.add(marker);
}

export function isWidgetMarker(token: string): boolean {
  return exact.has(token) || prefixes.some((p) => token.startsWith(p));
}

function isWidget(el: Element): boolean {
  return markerTokens(el).some(isWidgetMarker) && countWords(textOutsideLinks(el.children)) <= MAX_WIDGET_PROSE_WORDS;
}

export const widgetBlocks: CleaningRule = {
  name: 'widget-blocks',
  removes:
    'elements that plugins mark by class or id (Jetpack sharedaddy/likes/related posts, share bars, FeedBurner ' +
    'feedflare, WPeMatico credits, entry-meta footers, ad slots, newsletter boxes) when they hold no prose',
  apply({ root }) {
    let removed = 0;
    for (const el of elementsOf(root)) {
      if (!isAttached(el, root) || !isWidget(el)) continue;
      removeNode(el);
      removed++;
    }
    return removed;
  },
};
