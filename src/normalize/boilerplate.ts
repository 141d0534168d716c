/**
 * Learned boilerplate: the blocks that open and close a feed's items, as
 * fingerprints. A block that most recent items of the same feed share is the
 * feed's template (a signature, a promo, a footer in any wording), not the
 * story: the store counts the fingerprints per feed, and this rule removes
 * the blocks whose fingerprint the feed's history marks as boilerplate.
 */
import { sha256Hex } from '../core/hash.js';
import { isElement, removeSegment, type ParentNode } from './dom.js';
import { matchKey } from './match.js';
import { forgetSegments, segmentViews, type CleaningRule, type RuleContext, type SegmentView } from './rules/rule.js';

/** How many blocks from each end of the body are fingerprinted. */
export const EDGE_BLOCKS = 3;
/** Longer blocks are the story's paragraphs: never fingerprinted, never removed. */
const MAX_BOILERPLATE_LENGTH = 600;
/** Fingerprints are short: they only need to tell a feed's own blocks apart. */
const PRINT_LENGTH = 16;
/** Quotes, figures and tables are the story's even when they repeat. */
const STORY_CONTAINERS = new Set(['blockquote', 'figure', 'figcaption', 'table', 'pre', 'code']);

export type Edge = 'head' | 'tail';

export interface EdgePrint {
  edge: Edge;
  fingerprint: string;
}

/** The fingerprints a feed's history marks as boilerplate. */
export interface LearnedBoilerplate {
  head: ReadonlySet<string>;
  tail: ReadonlySet<string>;
}

/**
 * The text as the template writes it (case, quotes and spacing aside). Numbers count: a market report's
 * "The index closed at 15,234 points" differs from day to day only in them, and it is the story.
 */
export function fingerprintOf(text: string): string {
  return sha256Hex(matchKey(text)).slice(0, PRINT_LENGTH);
}

function inStoryContainer(v: SegmentView): boolean {
  for (let node: ParentNode | null = v.segment.element ?? v.segment.parent; node && isElement(node); node = node.parent) {
    if (STORY_CONTAINERS.has(node.name)) return true;
  }
  return false;
}

/** The candidate blocks at each end: leaves with words, short enough to be a template's. */
function edgeViews(ctx: Pick<RuleContext, 'root'>): { head: SegmentView[]; tail: SegmentView[] } {
  // The byline was taken out after the rules ran: views cached before that are stale.
  forgetSegments(ctx.root);
  const leaves = segmentViews(ctx.root).filter((v) => v.leaf && !inStoryContainer(v));
  // A body of a few blocks has no template around a story: everything would be an edge.
  if (leaves.length <= EDGE_BLOCKS) return { head: [], tail: [] };
  const short = (v: SegmentView) => v.text.length <= MAX_BOILERPLATE_LENGTH;
  const head = leaves.slice(0, EDGE_BLOCKS).filter(short);
  const tail = leaves.slice(-EDGE_BLOCKS).filter(short);
  return { head, tail };
}

/** The fingerprints of the blocks at both ends of a cleaned body: what the store counts per feed. */
export function edgePrints(ctx: Pick<RuleContext, 'root'>): EdgePrint[] {
  const { head, tail } = edgeViews(ctx);
  return [
    ...head.map((v) => ({ edge: 'head' as const, fingerprint: fingerprintOf(v.text) })),
    ...tail.map((v) => ({ edge: 'tail' as const, fingerprint: fingerprintOf(v.text) })),
  ];
}

/** The rule for one feed's learned boilerplate; a block goes only at the end where the feed repeats it. */
export function learnedBoilerplateRule(learned: LearnedBoilerplate): CleaningRule {
  return {
    name: 'learned-boilerplate',
    removes:
      'blocks at the start or the end of the body that most recent items of the same feed share (a signature, ' +
      'a promo, a footer in wording no phrase list knows); only short blocks, never quotes, figures or tables, ' +
      'and only once the feed has enough items',
    apply(ctx) {
      if (learned.head.size === 0 && learned.tail.size === 0) return 0;
      const { head, tail } = edgeViews(ctx);
      const doomed = new Set<SegmentView>([
        ...head.filter((v) => learned.head.has(fingerprintOf(v.text))),
        ...tail.filter((v) => learned.tail.has(fingerprintOf(v.text))),
      ]);
      for (const v of doomed) {
        ctx.trace?.(v.text);
        removeSegment(v.segment);
      }
      return doomed.size;
    },
  };
}
