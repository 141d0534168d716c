import { isElement, textOf, type ChildNode, type ParentNode } from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { cutAfter, cutBefore, sentenceSpans, type Span } from '../sentences.js';
import { isNoticeSentence } from './legal-notices.js';
import { isPromo } from './promos.js';
import { liveSegments, type CleaningRule, type RuleContext, type SegmentView } from './rule.js';

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

/** A sentence that is junk wherever it stands: a call to action, a read-more link, a legal notice, a disclosure. */
function isJunkSentence(sentence: string, lexicon: Lexicon): boolean {
  if (sentence.length > MAX_JUNK_SENTENCE_LENGTH || QUOTED.test(sentence)) return false;
  const key = matchKey(sentence);
  if (key === '') return false;
  if (lexicon.promoOpener.test(key) && isPromo(key, sentence, lexicon)) return true;
  // "More." or "Read." alone could end a real sentence run; a read-more phrase of two words or more cannot.
  if (key.includes(' ') && lexicon.readMore.test(key)) return true;
  if (lexicon.syndicationPlain.test(key) || lexicon.syndicationOpening.test(key)) return true;
  return isNoticeSentence(sentence, key, lexicon) || lexicon.disclosure.test(key);
}

/** "RELATED: Headline" opening or closing a paragraph: a label in capitals, or one whose headline is a link. */
function isRelatedLead(sentence: string, linked: () => boolean, lexicon: Lexicon): boolean {
  if (sentence.length > MAX_JUNK_SENTENCE_LENGTH || !lexicon.relatedLead.test(matchKey(sentence))) return false;
  const label = sentence.trim().split(/[:|>»›]/u)[0] ?? '';
  return (/\p{Lu}{2}/u.test(label) && label === label.toUpperCase()) || linked();
}

function sentenceOf(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Cuts junk sentences off both ends of one paragraph while a real sentence remains; returns how many went. */
function trimParagraph(v: SegmentView, ctx: RuleContext): number {
  const { lexicon } = ctx;
  const nodes = nodesOf(v);
  let removed = 0;
  // The view's text is the paragraph's until the first cut.
  let text = v.text;
  for (;;) {
    const spans = sentenceSpans(text);
    if (spans.length < 2) return removed;
    const first = spans[0] as Span;
    const last = spans[spans.length - 1] as Span;
    const lastSentence = sentenceOf(text, last);
    if (isJunkSentence(lastSentence, lexicon) || isRelatedLead(lastSentence, () => lastHasLink(nodes, last.start), lexicon)) {
      ctx.trace?.(lastSentence);
      cutAfter(nodes, last.start);
      removed++;
      text = textOf(nodes);
      continue;
    }
    const firstSentence = sentenceOf(text, first);
    if (isRelatedLead(firstSentence, () => false, lexicon) || isJunkSentence(firstSentence, lexicon)) {
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
  removes:
    'a promo, read-more, legal or disclosure sentence glued to the start or end of a real paragraph ("… said the ' +
    'minister. Click here to read more.", "… Folgen Sie uns auf Twitter.", "RELATED: <headline> …"): only that ' +
    'sentence goes, the paragraph stays; quoted speech and blockquotes are never cut',
  apply(ctx) {
    let removed = 0;
    for (const v of liveSegments(ctx.root, MAX_PARAGRAPH_LENGTH)) {
      if (!v.leaf || quoted(v)) continue;
      removed += trimParagraph(v, ctx);
    }
    return removed;
  },
};
