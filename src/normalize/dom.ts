/**
 * The one DOM an article is cleaned on (htmlparser2 + domutils), and the
 * "segment" view the rules share: a segment is one paragraph-like piece of
 * the body, either a block element or a run of inline nodes between <br>s
 * and blocks (feeds often send "text<br><br>text" without any <p>).
 */
import render from 'dom-serializer';
import { appendChild, prepend, removeElement } from 'domutils';
import type { AnyNode, ChildNode, Document, Element, ParentNode, Text } from 'domhandler';
import { ElementType, parseDocument } from 'htmlparser2';
import { limitDepth } from '../core/html-depth.js';

export type { ChildNode, Document, Element, ParentNode, Text };

export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'ul', 'legend', 'noscript', 'blockquote',
]);

/** Elements that are content without any text. */
export const MEDIA_TAGS: ReadonlySet<string> = new Set([
  'img', 'picture', 'video', 'audio', 'iframe', 'embed', 'object', 'svg', 'canvas', 'source', 'track', 'hr', 'math', 'map',
]);

export function parseHtml(html: string): Document {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  // The rules walk the tree recursively: a page fetched for full text has not been through parse's depth cap.
  limitDepth(doc);
  return doc;
}

/** Non-ASCII stays as is; only the characters HTML needs escaped are escaped. */
export function serializeHtml(node: AnyNode | ArrayLike<AnyNode>): string {
  return render(node, { encodeEntities: 'utf8' });
}

export function isElement(node: AnyNode): node is Element {
  return ElementType.isTag(node);
}

export function isText(node: AnyNode): node is Text {
  return node.type === ElementType.Text;
}

export function isTag(node: AnyNode, ...names: string[]): node is Element {
  return isElement(node) && names.includes(node.name);
}

/** The text of the nodes, comments left out (domutils' textContent, without its arrays of pieces). */
export function textOf(node: AnyNode | readonly AnyNode[]): string {
  if (!Array.isArray(node)) return textOfNode(node as AnyNode);
  let out = '';
  for (const child of node as readonly AnyNode[]) out += textOfNode(child);
  return out;
}

function textOfNode(node: AnyNode): string {
  if (node.type === ElementType.Text) return (node as Text).data;
  if (node.type === ElementType.Comment || !('children' in node)) return '';
  let out = '';
  const children = node.children;
  for (let i = 0; i < children.length; i++) out += textOfNode(children[i] as AnyNode);
  return out;
}

/** True when the text has a letter or digit: whitespace and &nbsp; do not count. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export function removeNode(node: ChildNode): void {
  removeElement(node);
}

/** Replaces an element by its children. */
export function unwrap(el: Element): void {
  for (const child of [...el.children]) prepend(el, child);
  removeElement(el);
}

export function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

/** class and id words of an element, lower case. */
export function markerTokens(el: Element): string[] {
  const raw = `${attr(el, 'class')} ${attr(el, 'id')}`.toLowerCase().trim();
  return raw ? raw.split(/\s+/) : [];
}

/** Is the node still in the tree under `root` (not inside something a rule removed)? */
export function isAttached(node: AnyNode, root: ParentNode): boolean {
  let current: AnyNode | null = node;
  while (current.parent) current = current.parent;
  return current === root;
}

/** Every element under `root`, in document order. */
export function elementsOf(root: ParentNode): Element[] {
  const out: Element[] = [];
  const visit = (parent: ParentNode): void => {
    for (const child of parent.children) {
      if (!isElement(child)) continue;
      out.push(child);
      visit(child);
    }
  };
  visit(root);
  return out;
}

function hasBlockDescendant(el: Element): boolean {
  for (const child of el.children) {
    if (isElement(child) && (BLOCK_TAGS.has(child.name) || hasBlockDescendant(child))) return true;
  }
  return false;
}

/** A block element, or an inline one that wraps blocks (<a><div>…</div></a>). */
export function isBlockLike(node: AnyNode): node is Element {
  return isElement(node) && (BLOCK_TAGS.has(node.name) || hasBlockDescendant(node));
}

export interface Segment {
  /** The block element, or the inline nodes of one line. */
  nodes: ChildNode[];
  /** Set when the segment is a whole element. */
  element: Element | null;
  parent: ParentNode;
  /** No block-like element among the segment's own nodes' children: a paragraph, a heading, a list item, one line. */
  leaf: boolean;
}

export function segmentText(segment: Segment): string {
  return textOf(segment.nodes);
}

function isWhitespaceText(node: ChildNode): boolean {
  return isText(node) && node.data.trim() === '';
}

/** Paragraph-like pieces of the body in document order; containers come before their parts. */
export function collectSegments(root: ParentNode): Segment[] {
  const out: Segment[] = [];
  collectSegmentsUnder(root, true, out);
  return out;
}

function isBr(node: ChildNode): boolean {
  return isElement(node) && node.name === 'br';
}

/** A run of inline nodes is a segment when it holds more than whitespace and comments. */
function pushRun(run: ChildNode[], parent: ParentNode, out: Segment[]): void {
  if (run.some((n) => !isWhitespaceText(n) && n.type !== ElementType.Comment)) out.push({ nodes: run, element: null, parent, leaf: true });
}

/**
 * Appends the segments under `parent` to `out`; returns whether `parent` has a block-like child. Plain loops: the
 * rules collect the segments of a body several times, and the closures and arrays of a functional walk were a
 * few percent of normalize.
 */
function collectSegmentsUnder(parent: ParentNode, isRoot: boolean, out: Segment[]): boolean {
  const children = parent.children;
  const blocks: boolean[] = [];
  let hasBlock = false;
  let split = false;
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as ChildNode;
    const block = isBlockLike(child);
    blocks.push(block);
    if (block) hasBlock = true;
    if (block || isBr(child)) split = true;
  }
  let run: ChildNode[] = [];
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as ChildNode;
    if (blocks[i]) {
      pushRun(run, parent, out);
      run = [];
      const segment: Segment = { nodes: [child], element: child as Element, parent, leaf: true };
      out.push(segment);
      segment.leaf = !collectSegmentsUnder(child as Element, false, out);
    } else if (isBr(child)) {
      pushRun(run, parent, out);
      run = [];
    } else if (split || isRoot) {
      run.push(child);
    }
  }
  pushRun(run, parent, out);
  return hasBlock;
}

export function segmentAttached(segment: Segment, root: ParentNode): boolean {
  const first = segment.nodes[0];
  return first !== undefined && isAttached(first, root);
}

/** Removes a segment; a run also takes one neighbouring <br> with it, so no blank line is left. */
export function removeSegment(segment: Segment): void {
  if (segment.element) {
    removeNode(segment.element);
    return;
  }
  const last = segment.nodes[segment.nodes.length - 1];
  const first = segment.nodes[0];
  const after = last ? nextNonBlank(last) : null;
  const before = first ? previousNonBlank(first) : null;
  for (const node of segment.nodes) removeNode(node);
  if (after && isTag(after, 'br')) removeNode(after);
  else if (before && isTag(before, 'br')) removeNode(before);
}

export function nextNonBlank(node: ChildNode): ChildNode | null {
  let next = node.next;
  while (next && (isWhitespaceText(next) || next.type === ElementType.Comment)) next = next.next;
  return next;
}

export function previousNonBlank(node: ChildNode): ChildNode | null {
  let prev = node.prev;
  while (prev && (isWhitespaceText(prev) || prev.type === ElementType.Comment)) prev = prev.prev;
  return prev;
}

function visibleLength(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/** Share of the text that sits inside links (0 when there is no text). */
export function linkDensity(nodes: ChildNode[]): number {
  const total = visibleLength(textOf(nodes));
  if (total === 0) return 0;
  let inLinks = 0;
  const visit = (node: ChildNode): void => {
    if (!isElement(node)) return;
    if (node.name === 'a') inLinks += visibleLength(textOf(node));
    else node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return inLinks / total;
}

/** The text of the nodes outside any link. */
export function textOutsideLinks(nodes: ChildNode[]): string {
  let out = '';
  const visit = (node: ChildNode): void => {
    if (isText(node)) out += node.data;
    else if (isElement(node) && node.name !== 'a') node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return out;
}

export function linksIn(nodes: ChildNode[]): Element[] {
  const out: Element[] = [];
  const visit = (node: ChildNode): void => {
    if (!isElement(node)) return;
    if (node.name === 'a') out.push(node);
    node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return out;
}

export function hasMedia(nodes: ChildNode[]): boolean {
  const visit = (node: ChildNode): boolean =>
    isElement(node) && (MEDIA_TAGS.has(node.name) || node.children.some(visit));
  return nodes.some(visit);
}

/** A detached element or text node, to be placed with `insertBefore`. */
export function newElement(name: string, attribs: Record<string, string> = {}): Element {
  // Built by the parser rather than domhandler's constructors: domhandler is only htmlparser2's dependency, not ours.
  const el = parseDocument(`<${name}></${name}>`).children[0];
  if (!el || !isElement(el)) throw new Error(`cannot create <${name}>`);
  removeElement(el);
  Object.assign(el.attribs, attribs);
  return el;
}

export function newText(data: string): Text {
  const node = parseDocument('x').children[0];
  if (!node || !isText(node)) throw new Error('cannot create a text node');
  removeElement(node);
  node.data = data;
  return node;
}

/** Moves (or places) `node` right before `anchor`. */
export function insertBefore(anchor: ChildNode, node: ChildNode): void {
  prepend(anchor, node);
}

/** Moves (or places) `node` as the last child of `parent`. */
export function appendTo(parent: Element, node: ChildNode): void {
  appendChild(parent, node);
}
