import {
  elementsOf,
  hasWords,
  isAttached,
  isElement,
  isText,
  linkDensity,
  linksIn,
  markerTokens,
  removeNode,
  textOf,
  type ChildNode,
  type Document,
  type Element,
  type Text,
} from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { countWords } from '../text.js';
import { liveSegments, removeSegmentsWhere, type CleaningRule, type SegmentView } from './rule.js';

const MAX_TAIL_LENGTH = 200;
const MAX_MORE_LINK_WORDS = 12;
/** "Continue reading “Title”" as a paragraph of its own is one link. */
const WHOLE_LINK_DENSITY = 0.9;
const MORE_LINK_MARKERS = new Set([
  'more-link', 'read-more', 'readmore', 'read-more-link', 'moretag', 'more-tag', 'excerpt-more', 'continue-reading',
  'continue-reading-link', 'link-more', 'more-button',
]);
/** What an excerpt generator leaves at the very end: "[…]", "[...]", "(more…)", "[Read more]". */
const TRAILING_MARKER =
  /\s*(?:\[\s*(?:…|\.\.\.|more|mehr|más|mais|plus|read more|continue reading|leer más|weiterlesen|lire la suite|leia mais)\s*(?:…|\.\.\.)?\s*\]|\(\s*more\s*(?:…|\.\.\.)?\s*\))\s*$/iu;
const QUOTING = new Set(['blockquote', 'q', 'pre', 'code']);

function isReadMoreLink(a: Element, lexicon: Lexicon): boolean {
  const key = matchKey(textOf(a));
  if (lexicon.readMore.test(key)) return true;
  const marked = markerTokens(a).some((t) => MORE_LINK_MARKERS.has(t)) || /#more-\d+$/.test(a.attribs['href'] ?? '');
  return marked && lexicon.readMoreLead.test(key) && countWords(key) <= MAX_MORE_LINK_WORDS;
}

function isTailBlock(v: SegmentView, lexicon: Lexicon): boolean {
  if (!v.leaf) return false;
  const density = linkDensity(v.segment.nodes);
  // A lone "More" inside the story may be a heading; as a link, or as the last line, it is the excerpt's.
  if (lexicon.readMorePlain.test(v.key)) return density >= 0.5 || v.last || v.key.includes(' ');
  if (lexicon.readMore.test(v.key)) return density >= 0.5;
  return lexicon.readMoreLead.test(v.key) && density >= WHOLE_LINK_DENSITY;
}

/** Removes links the theme marks as "more" links wherever they are. */
function removeMarkedMoreLinks(root: Document): number {
  let removed = 0;
  for (const el of elementsOf(root)) {
    if (el.name !== 'a' || !isAttached(el, root)) continue;
    const marked = markerTokens(el).some((t) => MORE_LINK_MARKERS.has(t)) || /#more-\d+$/.test(el.attribs['href'] ?? '');
    if (marked && countWords(textOf(el)) <= MAX_MORE_LINK_WORDS) {
      removeNode(el);
      removed++;
    }
  }
  return removed;
}

function textAfter(node: ChildNode, within: ChildNode[]): string {
  let out = '';
  let seen = false;
  const visit = (n: ChildNode): void => {
    if (n === node) {
      seen = true;
      return;
    }
    if (isText(n) && seen) out += n.data;
    else if (isElement(n)) n.children.forEach(visit);
  };
  within.forEach(visit);
  return out;
}

/** "…sentence. Read more »" at the end of the last paragraph: the link goes, with the separator before it. */
function removeTrailingMoreLink(root: Document, lexicon: Lexicon): number {
  const views = [...liveSegments(root)].filter((v) => v.leaf && hasWords(v.text));
  const last = views[views.length - 1];
  if (!last) return 0;
  const link = linksIn(last.segment.nodes).pop();
  if (!link || hasWords(textAfter(link, last.segment.nodes)) || !isReadMoreLink(link, lexicon)) return 0;
  const before = link.prev;
  removeNode(link);
  if (before && isText(before)) before.data = before.data.replace(/[\s|»›→-]+$/u, '');
  return 1;
}

function lastTextNode(root: Document): Text | null {
  const walk = (nodes: ChildNode[]): Text | null => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      if (!node) continue;
      if (isText(node) && node.data.trim() !== '') return node;
      if (isElement(node) && !QUOTING.has(node.name)) {
        const found = walk(node.children);
        if (found) return found;
      }
      if (isElement(node) && QUOTING.has(node.name) && hasWords(textOf(node))) return null;
    }
    return null;
  };
  return walk(root.children);
}

/** Short read-more words that end real sentences too ("… wanted more"): only after an ellipsis are they the excerpt's. */
const AMBIGUOUS_TAIL_WORDS = 5;
/** "…adults… Read More", "… end. Weiterlesen »": the words after the last sentence or ellipsis, arrows included. */
const PLAIN_TAIL = /(…|\.\.\.|[.!?]["”’)]?)\s+([^.!?…]{1,40}?)[\s»›→>]*$/u;

function removeTrailingMarker(root: Document, lexicon: Lexicon): number {
  const text = lastTextNode(root);
  if (!text) return 0;
  if (TRAILING_MARKER.test(text.data)) {
    text.data = text.data.replace(TRAILING_MARKER, '');
    return 1;
  }
  const plain = PLAIN_TAIL.exec(text.data);
  if (!plain) return 0;
  const key = matchKey(plain[2] ?? '');
  if (!lexicon.readMorePlain.test(key)) return 0;
  const afterEllipsis = plain[1] === '…' || plain[1] === '...';
  if (!afterEllipsis && !key.includes(' ') && key.length <= AMBIGUOUS_TAIL_WORDS) return 0;
  text.data = text.data.slice(0, plain.index + (plain[1] ?? '').length);
  return 1;
}

export const excerptTails: CleaningRule = {
  name: 'excerpt-tails',
  countsEveryEdit: true,
  removes:
    'what an excerpt ends with: "Continue reading →", "Read more", "Leer más", "Weiterlesen" links and lines, ' +
    'theme "more" links, and a final "[…]"; the truncated text before them stays',
  apply(ctx) {
    const { root, lexicon } = ctx;
    let removed = removeSegmentsWhere(ctx, MAX_TAIL_LENGTH, (v) => isTailBlock(v, lexicon));
    removed += removeMarkedMoreLinks(root);
    removed += removeTrailingMoreLink(root, lexicon);
    return removed + removeTrailingMarker(root, lexicon);
  },
};
