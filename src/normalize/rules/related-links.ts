import {
  isElement,
  isTag,
  isText,
  linkDensity,
  linksIn,
  removeNode,
  removeSegment,
  textOf,
  textOutsideLinks,
  isBlockLike,
  type ChildNode,
  type Document,
  type Element,
  type Text,
} from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { countWords } from '../text.js';
import { liveSegments, type CleaningRule, type SegmentView } from './rule.js';

const MAX_LABEL_LENGTH = 80;
const MAX_LINK_ITEM_LENGTH = 250;
/** A list item or line is a headline link when most of its text is the link. */
const LINK_ITEM_DENSITY = 0.6;
/** A bare "[Headline]" must look like a headline, not a footnote "[1]". */
const MIN_HEADLINE_WORDS = 2;

/** Text outside links is nothing, brackets/arrows, or a related label. */
function onlyLabelOutsideLinks(nodes: ChildNode[], lexicon: Lexicon): boolean {
  const outside = matchKey(textOutsideLinks(nodes));
  return outside === '' || lexicon.relatedLabel.test(outside);
}

function isLinkItem(v: SegmentView): boolean {
  if (v.text.length > MAX_LINK_ITEM_LENGTH) return false;
  const el = v.segment.element;
  if (el && (el.name === 'ul' || el.name === 'ol')) {
    const items = el.children.filter((c): c is Element => isTag(c, 'li'));
    return items.length > 0 && items.every((li) => linkDensity([li]) >= LINK_ITEM_DENSITY);
  }
  return linkDensity(v.segment.nodes) >= LINK_ITEM_DENSITY;
}

function isLinkList(v: SegmentView): boolean {
  const el = v.segment.element;
  if (!el || (el.name !== 'ul' && el.name !== 'ol')) return isLinkItem(v);
  const items = el.children.filter((c): c is Element => isTag(c, 'li'));
  return items.length > 0 && items.every((li) => textOf(li).length <= MAX_LINK_ITEM_LENGTH && linkDensity([li]) >= LINK_ITEM_DENSITY);
}

/** "Related: <a>Headline</a>", "[<a>Headline</a>]", "» <a>Headline</a>", "<a>Read more: Headline</a>". */
function isLabelledLink(v: SegmentView, lexicon: Lexicon): boolean {
  if (!v.leaf || v.text.length > MAX_LINK_ITEM_LENGTH) return false;
  const links = linksIn(v.segment.nodes);
  if (links.length === 0) return false;
  const linkWords = countWords(links.map((a) => textOf(a)).join(' '));
  if (lexicon.relatedLead.test(v.key) && onlyLabelOutsideLinks(v.segment.nodes, lexicon)) return true;
  const outside = textOutsideLinks(v.segment.nodes).trim();
  // "(" is too common around links ("(PDF)") to mark a headline without a label.
  const marked = /^[[»›→►▶➤>•]/u.test(outside) || /^\[.*\]$/su.test(v.text.trim());
  if (marked && matchKey(outside) === '' && linkWords >= MIN_HEADLINE_WORDS) return true;
  return (marked || outside.startsWith('(')) && lexicon.relatedLabel.test(matchKey(outside));
}

/** Words outside the headline link that a related-post teaser may carry: its date and category ("March 2, 2024 In “News”"). */
const MAX_TEASER_META_WORDS = 8;

function firstContent(nodes: ChildNode[]): ChildNode | undefined {
  for (const node of nodes) {
    if (isText(node) && node.data.trim() === '') continue;
    // <strong><a>Headline</a></strong>: the wrapper only styles the link.
    if (isElement(node) && node.name !== 'a' && linksIn([node]).length > 0 && matchKey(textOutsideLinks([node])) === '') {
      return firstContent(node.children);
    }
    return node;
  }
  return undefined;
}

/**
 * After a related label, a teaser is a headline link first, then at most a date and a category line, with no
 * sentence of its own: Jetpack's related posts without their classes.
 */
function isTeaser(nodes: ChildNode[]): boolean {
  const first = firstContent(nodes);
  if (!first || !isTag(first, 'a') || countWords(textOf(first)) < MIN_HEADLINE_WORDS) return false;
  const outside = textOutsideLinks(nodes).trim();
  return countWords(outside) <= MAX_TEASER_META_WORDS && !/[.!?](?:\s|$)/u.test(outside);
}

function isRelatedFollower(v: SegmentView): boolean {
  if (isLinkList(v)) return true;
  if (v.text.length > MAX_LINK_ITEM_LENGTH * 2) return false;
  const el = v.segment.element;
  if (el && (el.name === 'ul' || el.name === 'ol')) {
    const items = el.children.filter((c): c is Element => isTag(c, 'li'));
    return items.length > 0 && items.every((li) => isTeaser(li.children));
  }
  if (!el) return isTeaser(v.segment.nodes);
  return v.leaf && isTeaser(el.children);
}

function removeLabelledLists(views: SegmentView[], lexicon: Lexicon): number {
  let removed = 0;
  const gone = new Set<SegmentView>();
  views.forEach((label, i) => {
    if (gone.has(label) || !label.leaf || label.text.length > MAX_LABEL_LENGTH || !lexicon.relatedLabel.test(label.key)) return;
    if (linksIn(label.segment.nodes).length > 0 && !onlyLabelOutsideLinks(label.segment.nodes, lexicon)) return;
    const followers: SegmentView[] = [];
    for (const next of views.slice(i + 1)) {
      if (next.segment.parent !== label.segment.parent) continue;
      if (!isRelatedFollower(next)) break;
      followers.push(next);
    }
    const isLast = views.slice(i + 1).every((v) => v.segment.parent !== label.segment.parent && !v.leaf);
    if (followers.length === 0 && !isLast) return;
    for (const v of [label, ...followers]) {
      removeSegment(v.segment);
      gone.add(v);
      removed++;
    }
  });
  return removed;
}

/** The text nodes that hold a "[" or "(", outside code, in document order. */
function collectTexts(nodes: readonly ChildNode[], out: Text[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as ChildNode;
    if (isText(node)) {
      if (node.data.includes('[') || node.data.includes('(')) out.push(node);
    } else if (isElement(node) && node.name !== 'pre' && node.name !== 'code') {
      collectTexts(node.children, out);
    }
  }
}

/** Removes "[Related: <a>…</a>]" from inside a paragraph; the sentences around it stay. */
function removeInlineBrackets(root: Document, lexicon: Lexicon): number {
  let removed = 0;
  const texts: Text[] = [];
  collectTexts(root.children, texts);
  for (const open of texts) {
    const at = Math.max(open.data.lastIndexOf('['), open.data.lastIndexOf('('));
    if (at < 0 || !open.parent) continue;
    const closer = open.data[at] === '[' ? ']' : ')';
    const inner: ChildNode[] = [];
    let close: Text | null = null;
    for (let n = open.next; n; n = n.next) {
      if (isText(n) && n.data.includes(closer)) {
        close = n;
        break;
      }
      inner.push(n);
    }
    const head = open.data.slice(at + 1);
    if (!close || inner.length === 0 || head.includes(closer) || inner.some(isBlockLike)) continue;
    const tail = close.data.slice(0, close.data.indexOf(closer));
    const links = linksIn(inner);
    if (links.length === 0) continue;
    const outside = matchKey(head + textOutsideLinks(inner) + tail);
    // In parentheses a label needs its colon: "(Read more: …)" is a link box, "(read <a>our review</a>)" is prose.
    const labelOk = closer === ']' || /[:：»›|]/u.test(head + textOutsideLinks(inner));
    const labelled = outside !== '' && labelOk && lexicon.relatedLabel.test(outside);
    const headline = outside === '' && closer === ']' && countWords(textOf(links)) >= MIN_HEADLINE_WORDS;
    if (!labelled && !headline) continue;
    open.data = open.data.slice(0, at).replace(/\s+$/, ' ');
    for (const n of inner) removeNode(n);
    close.data = close.data.slice(close.data.indexOf(closer) + 1).replace(/^\s+/, open.data.endsWith(' ') ? '' : ' ');
    removed++;
  }
  return removed;
}

export const relatedLinks: CleaningRule = {
  name: 'related-links',
  countsEveryEdit: true,
  removes:
    'links to other stories: a "Read more:" / "Related:" / "More from …" label with the link list after it, a ' +
    'paragraph that is only a labelled or bracketed headline link, and "[Related: …]" inside a paragraph',
  apply({ root, lexicon }) {
    const views = [...liveSegments(root)];
    let removed = removeLabelledLists(views, lexicon);
    for (const v of liveSegments(root, MAX_LINK_ITEM_LENGTH)) {
      if (!isLabelledLink(v, lexicon)) continue;
      removeSegment(v.segment);
      removed++;
    }
    return removed + removeInlineBrackets(root, lexicon);
  },
};
