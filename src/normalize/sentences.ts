/**
 * Sentences of a paragraph, and cutting one off its start or end across the
 * paragraph's inline markup (`<em>`, `<a>`, text runs), so a junk sentence
 * glued to a real paragraph can go while the rest of the paragraph stays.
 */
import { isElement, isText, MEDIA_TAGS, removeNode, type ChildNode } from './dom.js';

export interface Span {
  start: number;
  end: number;
}

/**
 * A sentence ends with . ! ? or … (closing quotes and brackets may follow), then space, then the next one opens
 * with a capital, a digit, an opening quote or bracket, an inverted mark or a handle. "Mr. smith" style lower-case
 * continuations never split.
 */
const BOUNDARY = /[.!?…]["”’»)\]]*\s+(?=["“„«¿¡(\[]?[\p{Lu}\p{N}@#])/gu;

/** The sentences of `text` as offsets, whitespace between them left out. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    const index = match.index ?? 0;
    const endOfSentence = index + match[0].trimEnd().length;
    spans.push({ start: from, end: endOfSentence });
    from = index + match[0].length;
  }
  spans.push({ start: from, end: text.length });
  return spans.filter((s) => text.slice(s.start, s.end).trim() !== '');
}

function containsMedia(node: ChildNode): boolean {
  return isElement(node) && (MEDIA_TAGS.has(node.name) || node.children.some(containsMedia));
}

function textLength(node: ChildNode): number {
  if (isText(node)) return node.data.length;
  if (isElement(node)) return node.children.reduce((n, c) => n + textLength(c), 0);
  return 0;
}

/**
 * Removes the text of `nodes` from character `offset` on (offsets as in `textOf(nodes)`); images and other media
 * after the cut stay. Whitespace left at the new end is trimmed.
 */
export function cutAfter(nodes: readonly ChildNode[], offset: number): void {
  let pos = 0;
  for (const node of [...nodes]) {
    const length = textLength(node);
    if (pos + length <= offset) {
      pos += length;
      continue;
    }
    if (pos >= offset) {
      if (!containsMedia(node)) removeNode(node);
    } else if (isText(node)) {
      node.data = node.data.slice(0, offset - pos);
    } else if (isElement(node)) {
      cutAfter(node.children, offset - pos);
    }
    pos += length;
  }
  trimEdge(nodes, 'end');
}

/** Removes the text of `nodes` before character `offset`; media before the cut stay. Leading whitespace is trimmed. */
export function cutBefore(nodes: readonly ChildNode[], offset: number): void {
  let pos = 0;
  for (const node of [...nodes]) {
    const length = textLength(node);
    if (pos >= offset) break;
    if (pos + length <= offset) {
      if (!containsMedia(node)) removeNode(node);
    } else if (isText(node)) {
      node.data = node.data.slice(offset - pos);
    } else if (isElement(node)) {
      cutBefore(node.children, offset - pos);
    }
    pos += length;
  }
  trimEdge(nodes, 'start');
}

/** Trims whitespace (and a separator left dangling, "|" or "–") at one edge of the live nodes. */
function trimEdge(nodes: readonly ChildNode[], edge: 'start' | 'end'): void {
  const live = nodes.filter((n) => n.parent !== null);
  const ordered = edge === 'end' ? [...live].reverse() : live;
  for (const node of ordered) {
    if (isText(node)) {
      node.data = edge === 'end' ? node.data.replace(/[\s|–—-]+$/u, '') : node.data.replace(/^[\s|–—-]+/u, '');
      if (node.data !== '') return;
    } else if (isElement(node)) {
      if (containsMedia(node)) return;
      trimEdge(node.children, edge);
      if (textLength(node) > 0) return;
    }
  }
}
