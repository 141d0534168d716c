import { isElement, isTag, isText, linksIn, textOf, type ChildNode, type Element, type ParentNode } from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { cutAfter, cutBefore, sentenceSpans, type Span } from '../sentences.js';
import { countWords } from '../text.js';
import { isNoticeSentence } from './legal-notices.js';
import { footerZone } from './position.js';
import { isPromo } from './promos.js';
import { liveSegments, type CleaningRule, type RuleContext, type SegmentView } from './rule.js';
import { isPublishedElsewhereNote } from './syndication-footers.js';

/** Paragraphs longer than this are not searched (a few kilobytes of prose have no glued promo worth the cost). */
const MAX_PARAGRAPH_LENGTH = 3000;
/** A glued promo is one short sentence; a long one is the story's. */
const MAX_JUNK_SENTENCE_LENGTH = 220;
/** Quoted speech is the story's, whatever it says ("'Follow us on Twitter,' the mayor joked."). */
const QUOTED = /["“”„«»]/u;
const QUOTING = new Set(['blockquote', 'q', 'pre', 'code', 'figcaption']);

function nodesOf(v: SegmentView): ChildNode[] {
  return v.segment.element ? v.segment.element.children : v.segment.nodes;
}

function quoted(v: SegmentView): boolean {
  for (let node: ParentNode | null = v.segment.element ?? v.segment.parent; node && isElement(node); node = node.parent) {
    if (QUOTING.has(node.name)) return true;
  }
  return false;
}

/**
 * A sentence that is junk wherever it stands: a call to action, a read-more link, a legal notice, a disclosure; and,
 * in a paragraph among the footers that end the body, a usage notice or a "first published in" note in any wording.
 */
function isJunkSentence(sentence: string, lexicon: Lexicon, amongFooters: boolean): boolean {
  if (sentence.length > MAX_JUNK_SENTENCE_LENGTH || QUOTED.test(sentence)) return false;
  const key = matchKey(sentence);
  if (key === '') return false;
  if (lexicon.promoOpener.test(key) && isPromo(key, sentence, lexicon)) return true;
  // "More." or "Read." alone could end a real sentence run; a read-more phrase of two words or more cannot.
  if (key.includes(' ') && lexicon.readMore.test(key)) return true;
  if (lexicon.syndicationPlain.test(key) || lexicon.syndicationOpening.test(key)) return true;
  if (amongFooters && isPublishedElsewhereNote(key, lexicon)) return true;
  return isNoticeSentence(sentence, key, lexicon, amongFooters) || lexicon.disclosure.test(key);
}

/** A headline link has a few words at least: "RELATED: <a>here</a>" is not one. */
const MIN_HEADLINE_WORDS = 2;
const SHOUTED_LABEL_WORDS = 4;
const MAX_LABEL_LENGTH = 40;

/** The first node with text, looking through inline wrappers that only style a link (<strong><a>…</a></strong>). */
function firstLinkAfterLabel(nodes: readonly ChildNode[]): { label: string; link: Element } | null {
  let label = '';
  for (const node of nodes) {
    // A label is a few words: a paragraph whose first link comes after a sentence has none.
    if (label.length > MAX_LABEL_LENGTH) return null;
    if (isText(node)) {
      label += node.data;
      continue;
    }
    if (!isElement(node)) continue;
    if (isTag(node, 'a')) return { label, link: node };
    const links = linksIn([node]);
    const inner = links[0];
    // A wrapper whose only text is its link: <strong><a>Headline</a></strong>.
    if (inner && links.length === 1 && textOf(node).trim() === textOf(inner).trim()) return { label, link: node };
    label += textOf(node);
  }
  return null;
}

/**
 * "RELATED: <a>Headline</a> The story goes on…", "LEER MÁS: <a>…</a> Las lluvias…": a label and a headline link glued
 * before the first sentence without a full stop between them. The offset where the story resumes, or -1.
 */
function gluedLeadingHeadline(nodes: readonly ChildNode[], text: string, lexicon: Lexicon): number {
  const found = firstLinkAfterLabel(nodes);
  if (!found) return -1;
  const label = found.label.trim();
  if (label.length > MAX_LABEL_LENGTH) return -1;
  const bare = label.replace(/[\s:|>»›–—-]+$/u, '');
  if (bare === '' || bare === label || countWords(textOf(found.link)) < MIN_HEADLINE_WORDS) return -1;
  const known = lexicon.relatedLabel.test(matchKey(bare)) || lexicon.readMorePlain.test(matchKey(bare));
  const shouted = /\p{Lu}{2}/u.test(bare) && bare === bare.toUpperCase() && countWords(bare) <= SHOUTED_LABEL_WORDS;
  if (!known && !shouted) return -1;
  const end = found.label.length + textOf(found.link).length;
  // The paragraph must go on with a sentence of its own; a paragraph that is only the label and link is related-links'.
  return /\p{L}/u.test(text.slice(end)) ? end : -1;
}

/** What separates a related label from its headline in a key, and the dashes matchKey folds into "-". */
const LEAD_SEPARATOR = /[:|>»›\-\u2010-\u2015\u2212]/u;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Can the sentence's key hold a label separator? Most sentences hold none, and their key need not be built. NFKC
 * folds full-width and small forms ("：", "﹣") into separators, so a text beyond ASCII is asked in that form too.
 */
function mayHoldLeadSeparator(sentence: string): boolean {
  if (LEAD_SEPARATOR.test(sentence)) return true;
  return NON_ASCII.test(sentence) && LEAD_SEPARATOR.test(sentence.normalize('NFKC'));
}

/** "RELATED: Headline" opening or closing a paragraph: a label in capitals, or one whose headline is a link. */
function isRelatedLead(sentence: string, linked: () => boolean, lexicon: Lexicon): boolean {
  if (sentence.length > MAX_JUNK_SENTENCE_LENGTH || !mayHoldLeadSeparator(sentence)) return false;
  if (!lexicon.relatedLead.test(matchKey(sentence))) return false;
  const label = sentence.trim().split(/[:|>»›]/u)[0] ?? '';
  return (/\p{Lu}{2}/u.test(label) && label === label.toUpperCase()) || linked();
}

function sentenceOf(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Cuts junk sentences off both ends of one paragraph while a real sentence remains; returns how many went. */
function trimParagraph(v: SegmentView, ctx: RuleContext, amongFooters: boolean): number {
  const { lexicon } = ctx;
  const nodes = nodesOf(v);
  let removed = 0;
  // The view's text is the paragraph's until the first cut.
  let text = v.text;
  const glued = gluedLeadingHeadline(nodes, text, lexicon);
  if (glued > 0) {
    ctx.trace?.(text.slice(0, glued));
    cutBefore(nodes, glued);
    removed++;
    text = textOf(nodes);
  }
  for (;;) {
    const spans = sentenceSpans(text);
    if (spans.length < 2) return removed;
    const first = spans[0] as Span;
    const last = spans[spans.length - 1] as Span;
    const lastSentence = sentenceOf(text, last);
    if (isJunkSentence(lastSentence, lexicon, amongFooters) || isRelatedLead(lastSentence, () => lastHasLink(nodes, last.start), lexicon)) {
      ctx.trace?.(lastSentence);
      cutAfter(nodes, last.start);
      removed++;
      text = textOf(nodes);
      continue;
    }
    const firstSentence = sentenceOf(text, first);
    if (isRelatedLead(firstSentence, () => false, lexicon) || isJunkSentence(firstSentence, lexicon, amongFooters)) {
      ctx.trace?.(firstSentence);
      cutBefore(nodes, (spans[1] as Span).start);
      removed++;
      text = textOf(nodes);
      continue;
    }
    return removed;
  }
}

/** Is there a link in the text from `offset` on? */
function lastHasLink(nodes: ChildNode[], offset: number): boolean {
  let pos = 0;
  let found = false;
  const visit = (node: ChildNode): void => {
    if (found) return;
    const length = textOf(node).length;
    if ('name' in node && node.name === 'a' && pos + length > offset) {
      found = true;
      return;
    }
    if ('children' in node && pos + length > offset) {
      for (const child of node.children) visit(child);
      return;
    }
    pos += length;
  };
  for (const node of nodes) visit(node);
  return found;
}

export const junkSentences: CleaningRule = {
  name: 'junk-sentences',
  countsEveryEdit: true,
  removes:
    'a promo, read-more, legal or disclosure sentence glued to the start or end of a real paragraph ("… said the ' +
    'minister. Click here to read more.", "… Folgen Sie uns auf Twitter.", "RELATED: <headline> …"): only that ' +
    'sentence goes, the paragraph stays; quoted speech and blockquotes are never cut',
  apply(ctx) {
    let removed = 0;
    const zone = footerZone(ctx.root);
    for (const v of liveSegments(ctx.root, MAX_PARAGRAPH_LENGTH)) {
      if (!v.leaf || quoted(v)) continue;
      removed += trimParagraph(v, ctx, zone.has(v));
    }
    return removed;
  },
};
