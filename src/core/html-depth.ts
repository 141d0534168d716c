/**
 * A cap on how deep parsed HTML may nest. Every walk of a DOM in parse and
 * normalize (and dom-serializer's) is recursive, and a hostile feed or page
 * nests without limit (20,000 levels overflowed the call stack, and a few
 * thousand already made cleaning quadratic); no article needs more than a
 * few dozen levels.
 */
import { isTag, type ChildNode, type Element, type ParentNode } from 'domhandler';

export const MAX_HTML_DEPTH = 100;

/** Whose text is not content: their descendants are not kept when flattening. */
const NO_TEXT = new Set(['script', 'style', 'template', 'noscript']);

/** Makes `el` hold its descendants' leaves (text and empty elements) in document order, without script-like content. */
function flattenInto(el: Element): void {
  const leaves: ChildNode[] = [];
  const todo: ChildNode[] = [];
  for (let i = el.children.length - 1; i >= 0; i--) todo.push(el.children[i] as ChildNode);
  for (let node = todo.pop(); node !== undefined; node = todo.pop()) {
    if (isTag(node) && node.children.length > 0) {
      if (NO_TEXT.has(node.name)) continue;
      for (let i = node.children.length - 1; i >= 0; i--) todo.push(node.children[i] as ChildNode);
    } else if (node.type === 'text' || isTag(node)) {
      leaves.push(node);
    }
  }
  leaves.forEach((leaf, i) => {
    leaf.parent = el;
    leaf.prev = leaves[i - 1] ?? null;
    leaf.next = leaves[i + 1] ?? null;
  });
  el.children = leaves;
}

/** Flattens whatever nests deeper than MAX_HTML_DEPTH, without recursing. */
export function limitDepth(root: ParentNode): void {
  const todo: Array<{ el: Element; depth: number }> = [];
  const push = (parent: ParentNode, depth: number): void => {
    for (const c of parent.children) if (isTag(c)) todo.push({ el: c, depth });
  };
  push(root, 1);
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (next.depth >= MAX_HTML_DEPTH) flattenInto(next.el);
    else push(next.el, next.depth + 1);
  }
}
