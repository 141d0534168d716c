import { hasMedia, hasWords, isElement, isTag, isText, removeNode, textOf, type ChildNode, type Element, type ParentNode } from '../dom.js';
import type { CleaningRule } from './rule.js';

/** Containers that mean nothing without content. Table parts are left alone: an empty cell keeps the grid. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'aside', 'header', 'footer', 'main', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'li', 'ul', 'ol', 'dl', 'dd', 'dt', 'figure', 'figcaption', 'center', 'form', 'fieldset', 'details',
]);
/** Inline wrappers: removed only when they hold nothing at all, since a space inside one separates words. */
const INLINE = new Set(['span', 'strong', 'b', 'em', 'i', 'u', 'small', 'font', 'a', 'sup', 'sub', 'mark', 'ins', 'del', 's']);

function isBr(node: ChildNode | undefined): boolean {
  return node !== undefined && isTag(node, 'br');
}

function isBlank(node: ChildNode | undefined): boolean {
  return node !== undefined && ((isText(node) && node.data.trim() === '') || node.type === 'comment');
}

/** <br>s at the start or end of a block draw empty lines. */
function trimBreaks(parent: ParentNode): number {
  let removed = 0;
  for (const edge of ['first', 'last'] as const) {
    for (;;) {
      const nodes = parent.children;
      const index = edge === 'first' ? nodes.findIndex((n) => !isBlank(n)) : findLastIndex(nodes, (n) => !isBlank(n));
      const node = nodes[index];
      if (!isBr(node) || !node) break;
      removeNode(node);
      removed++;
    }
  }
  return removed;
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}

/**
 * Does a piece of the text of `nodes` (the text nodes `textOf` reads) pass `test`? Most blocks are settled by their
 * first words, without building their whole text.
 */
function someText(nodes: readonly ChildNode[], test: (data: string) => boolean): boolean {
  for (const node of nodes) {
    if (isText(node)) {
      if (test(node.data)) return true;
    } else if (node.type !== 'comment' && 'children' in node && someText(node.children, test)) {
      return true;
    }
  }
  return false;
}

const notEmpty = (data: string): boolean => data !== '';

function isEmpty(el: Element): boolean {
  if (hasMedia(el.children)) return false;
  // A letter in one piece is a letter of the whole text; only a surrogate pair split across two text nodes is
  // in the whole and in no piece, so a block without one is asked again as a whole.
  if (BLOCKS.has(el.name)) return !someText(el.children, hasWords) && !hasWords(textOf(el));
  if (INLINE.has(el.name)) return !someText(el.children, notEmpty) && !el.children.some(isBr);
  return false;
}

/** Whitespace between blocks that removed elements left behind: one line break is enough. */
export function collapseBlankText(parent: ParentNode): void {
  for (const child of parent.children) {
    if (isText(child) && child.data.trim() === '' && child.data.includes('\n')) child.data = '\n';
  }
}

export function removeEmptyBlocks(root: ParentNode): number {
  let removed = 0;
  const visit = (parent: ParentNode): void => {
    for (const child of [...parent.children]) {
      if (!isElement(child)) continue;
      visit(child);
      if (isEmpty(child)) {
        removeNode(child);
        removed++;
      }
    }
    if (parent.type === 'root' || (isElement(parent) && BLOCKS.has(parent.name))) removed += trimBreaks(parent);
  };
  visit(root);
  return removed;
}

export const emptyBlocks: CleaningRule = {
  name: 'empty-blocks',
  removes:
    'paragraphs, divs, list items and headings with no words and no image (&nbsp; fillers, wrappers whose junk ' +
    'was removed), empty inline wrappers, and <br>s at the edges of a block',
  apply({ root }) {
    return removeEmptyBlocks(root);
  },
};
