import type { Document } from '../dom.js';
import { segmentViews, type SegmentView } from './rule.js';

/**
 * Footers stack at the end of a body: a run of short lines (a copyright line, a syndication note, a "read the
 * original" link, a promo) after the last paragraph of the story. A phrase that is junk there may be prose higher up,
 * so rules that judge by wording alone ask whether a block sits in this run.
 */
const MAX_FOOTER_LINES = 8;
/** A footer line is a sentence or two; a longer leaf is the story's last paragraph and ends the run. */
const MAX_FOOTER_LINE_LENGTH = 300;

const zones = new WeakMap<readonly SegmentView[], ReadonlySet<SegmentView>>();

/**
 * The body's trailing run of short leaves (at most MAX_FOOTER_LINES, and never the first half of the leaves: in a
 * short story of short paragraphs, the story itself is not a footer), computed once per set of segment views.
 */
export function footerZone(root: Document): ReadonlySet<SegmentView> {
  const views = segmentViews(root);
  let zone = zones.get(views);
  if (zone) return zone;
  const leaves = views.filter((v) => v.leaf);
  const run = new Set<SegmentView>();
  const from = Math.ceil(leaves.length / 2);
  for (let i = leaves.length - 1; i >= from && run.size < MAX_FOOTER_LINES; i--) {
    const v = leaves[i] as SegmentView;
    if (v.text.length > MAX_FOOTER_LINE_LENGTH) break;
    run.add(v);
  }
  zone = run;
  zones.set(views, zone);
  return zone;
}
