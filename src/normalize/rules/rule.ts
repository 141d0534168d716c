import {
  collectSegments,
  isBlockLike,
  removeSegment,
  segmentAttached,
  segmentText,
  type Document,
  type Segment,
} from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';

export interface RuleContext {
  root: Document;
  lexicon: Lexicon;
}

/**
 * One kind of junk. A rule removes a piece of the body only when the whole
 * piece is that junk; when unsure it keeps it.
 */
export interface CleaningRule {
  name: string;
  /** What the rule removes and why it is not the author's text. */
  removes: string;
  /** Cleans `ctx.root` in place; returns how many pieces were removed. */
  apply(ctx: RuleContext): number;
}

/** A segment with its text, as the rules test it. */
export interface SegmentView {
  segment: Segment;
  text: string;
  key: string;
  /** No block inside: a paragraph, a heading, a list item, one line. */
  leaf: boolean;
}

export function viewOf(segment: Segment): SegmentView {
  const text = segmentText(segment);
  const leaf = segment.element === null || !segment.element.children.some(isBlockLike);
  return { segment, text, key: matchKey(text), leaf };
}

/** Segments still attached to the body, shortest-first filter on length to keep matching cheap. */
export function* liveSegments(root: Document, maxLength = Infinity): Generator<SegmentView> {
  for (const segment of collectSegments(root)) {
    if (!segmentAttached(segment, root)) continue;
    const view = viewOf(segment);
    if (view.key === '' || view.text.length > maxLength) continue;
    yield view;
  }
}

/** Removes every live segment up to `maxLength` characters that `isJunk` accepts; returns the count. */
export function removeSegmentsWhere(
  root: Document,
  maxLength: number,
  isJunk: (view: SegmentView) => boolean,
): number {
  let removed = 0;
  for (const view of liveSegments(root, maxLength)) {
    if (!isJunk(view)) continue;
    removeSegment(view.segment);
    removed++;
  }
  return removed;
}
