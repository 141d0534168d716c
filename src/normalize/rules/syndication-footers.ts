import { isText, linksIn, removeNode, textOf, type ChildNode } from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { liveSegments, removeSegmentsWhere, type CleaningRule, type SegmentView } from './rule.js';

const MAX_FOOTER_LENGTH = 400;
/** A sentence ends and the next one starts: where an appended footer can begin. */
const SENTENCE_START = /[.!?…]["”’)\]]?\s+(?=\S)/gu;
const SEVERAL_SENTENCES = /[.!?…]["”’)\]]?\s+\p{Lu}/u;

function isFooter(v: SegmentView, lexicon: Lexicon): boolean {
  if (!v.leaf) return false;
  if (lexicon.syndicationPlain.test(v.key)) return true;
  if (!lexicon.syndication.test(v.key)) return false;
  // "The post office appeared first on the list" is prose: a real footer links its post and site, or ends the body.
  if (!v.last && linksIn(v.segment.nodes).length === 0) return false;
  // "{*} appeared first on {*}" must not swallow the sentences before the footer.
  return lexicon.syndicationOpening.test(v.key) || !SEVERAL_SENTENCES.test(v.text.trim());
}

function nodesOf(v: SegmentView): ChildNode[] {
  return v.segment.element ? v.segment.element.children : v.segment.nodes;
}

/** "Teaser text. The post <a>X</a> appeared first on <a>Y</a>." in one paragraph: only the footer goes. */
function cutAppendedFooter(v: SegmentView, lexicon: Lexicon): boolean {
  const nodes = nodesOf(v);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node || !isText(node)) continue;
    const following = nodes.slice(i + 1);
    if (linksIn(following).length === 0) continue;
    const rest = textOf(following);
    for (const match of node.data.matchAll(SENTENCE_START)) {
      const at = (match.index ?? 0) + match[0].length;
      if (!lexicon.syndicationOpening.test(matchKey(node.data.slice(at) + rest))) continue;
      node.data = node.data.slice(0, at).trimEnd();
      following.forEach(removeNode);
      return true;
    }
  }
  return false;
}

export const syndicationFooters: CleaningRule = {
  name: 'syndication-footers',
  removes:
    'lines that syndication plugins and services append: "The post … appeared first on …" (Yoast, in every ' +
    'language WordPress ships), "Powered by WPeMatico", FiveFilters\' "Let\'s block ads! (Why?)" and Full-Text ' +
    'RSS notices, Medium\'s "originally published in", republishing and copyright footers; also such a footer ' +
    'appended to the last sentence of a paragraph',
  apply({ root, lexicon }) {
    let removed = removeSegmentsWhere(root, MAX_FOOTER_LENGTH, (v) => isFooter(v, lexicon));
    for (const v of liveSegments(root)) {
      if (v.leaf && lexicon.syndicationOpening.occursIn(v.key) && cutAppendedFooter(v, lexicon)) removed++;
    }
    return removed;
  },
};
