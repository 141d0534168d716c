import {
  collectSegments,
  isElement,
  removeSegment,
  segmentAttached,
  segmentText,
  type Document,
  type ParentNode,
  type Segment,
} from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';

export interface RuleContext {
  root: Document;
  lexicon: Lexicon;
  /** Told the text of each piece a rule removes (provenance); absent when nobody asks. */
  trace?: (removedText: string) => void;
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
  /**
   * The rule only reads segment views and removes whole segments through removeSegmentsWhere: when it
   * removes nothing, the views it read stay valid for the next rule (applyRules reuses them).
   */
  segmentsOnly?: boolean;
  /**
   * Every change the rule makes to the DOM is counted in what `apply` returns: when it returns 0 the body is as
   * it was, so the segment views read before it stay valid for the next rule.
   */
  countsEveryEdit?: boolean;
}

/** A segment with its text, as the rules test it. */
export interface SegmentView {
  segment: Segment;
  text: string;
  key: string;
  /** No block inside: a paragraph, a heading, a list item, one line. */
  leaf: boolean;
  /** The last piece of text in the body: where excerpt endings and footers sit. */
  last: boolean;
  /** The first piece of text in the body: where datelines and status lines sit. */
  first: boolean;
}

/** Table cells are never removed on their own: an empty cell would shift the grid. */
const TABLE_PARTS = new Set(['td', 'th', 'tr', 'thead', 'tbody', 'tfoot', 'caption', 'colgroup', 'col']);

/** Longer texts are never one piece of junk: they get a key no phrase matches, without normalizing them. */
const MAX_KEYED_LENGTH = 1000;
const UNMATCHABLE_KEY = ' ';

export function viewOf(segment: Segment): SegmentView {
  const text = segmentText(segment);
  const key = text.length > MAX_KEYED_LENGTH ? UNMATCHABLE_KEY : matchKey(text);
  return { segment, text, key, leaf: segment.leaf, last: false, first: false };
}

/** Views of a body that no rule has changed since they were taken (see CleaningRule.segmentsOnly). */
const viewCache = new WeakMap<Document, SegmentView[]>();

/** Forgets the cached views of `root`: its DOM changed or is about to. */
export function forgetSegments(root: Document): void {
  viewCache.delete(root);
}

/** The body's segments with words in them, in document order, table parts left out. */
export function segmentViews(root: Document): SegmentView[] {
  const cached = viewCache.get(root);
  if (cached) return cached;
  const views = computeViews(root);
  viewCache.set(root, views);
  return views;
}

function computeViews(root: Document): SegmentView[] {
  const views = collectSegments(root)
    .filter((s) => !(s.element && TABLE_PARTS.has(s.element.name)))
    .map(viewOf)
    .filter((v) => v.key !== '');
  const leaves = views.filter((v) => v.leaf);
  const lastLeaf = leaves[leaves.length - 1];
  if (lastLeaf) lastLeaf.last = true;
  if (leaves[0]) leaves[0].first = true;
  return views;
}

/** Views still attached to the body (an earlier removal may have taken their container) up to `maxLength` characters. */
export function* liveSegments(root: Document, maxLength = Infinity): Generator<SegmentView> {
  for (const view of segmentViews(root)) {
    if (view.text.length <= maxLength && segmentAttached(view.segment, root)) yield view;
  }
}

/** Removes every live segment up to `maxLength` characters that `isJunk` accepts; returns the count. */
export function removeSegmentsWhere(
  ctx: RuleContext,
  maxLength: number,
  isJunk: (view: SegmentView) => boolean,
): number {
  let removed = 0;
  for (const view of liveSegments(ctx.root, maxLength)) {
    if (!isJunk(view)) continue;
    ctx.trace?.(view.text);
    removeSegment(view.segment);
    removed++;
  }
  return removed;
}

const CAPTIONS = new Set(['figcaption', 'caption', 'figure', 'td', 'th']);

/** Inside a figure's caption or a table cell: credits and sources there belong to their figure. */
export function inCaption(v: SegmentView): boolean {
  for (let node: ParentNode | null = v.segment.element ?? v.segment.parent; node && isElement(node); node = node.parent) {
    if (CAPTIONS.has(node.name)) return true;
  }
  return false;
}
