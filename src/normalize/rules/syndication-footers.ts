import { isText, linkDensity, linksIn, removeNode, textOf, type ChildNode } from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { inCaption, liveSegments, removeSegmentsWhere, type CleaningRule, type SegmentView } from './rule.js';

const MAX_FOOTER_LENGTH = 400;
/** A sentence ends and the next one starts: where an appended footer can begin. */
const SENTENCE_START = /[.!?…]["”’)\]]?\s+(?=\S)/gu;
const SEVERAL_SENTENCES = /[.!?…]["”’)\]]?\s+\p{Lu}/u;

/** "Source: The Daily Z" is a credit line, not a sentence: short. */
const MAX_SOURCE_LINE_LENGTH = 120;
/** A credit line in the middle of the body has to be mostly its link. */
const SOURCE_LINK_DENSITY = 0.5;
/** "Via <a>Site</a>" without a colon: only when the line is mostly the link. */
const BARE_VIA = /^(?:via|vía|h\/t|hat tip)\s/u;
/**
 * ", the novel sold …": a comma, then a determiner or pronoun opening a main clause. Footers are a name, a site
 * and a date ("… on January 30, 2024"), never such a clause.
 */
const MAIN_CLAUSE =
  /, (?:the|a|an|it|he|she|they|we|i|this|that|its|his|her|their|el|la|los|las|lo|un|una|der|die|das|ein|eine|er|sie|es|le|les|il|elle|ils|o|os|as|um|uma|ele|ela|het|een|hij|zij) /u;

/** One sentence of a footer that may be several ("This story was produced by X. It is republished under …"). */
function isFooterSentence(key: string, lexicon: Lexicon): boolean {
  return lexicon.syndicationPlain.test(key) || lexicon.syndicationOpening.test(key);
}

function sentencesOf(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const match of text.matchAll(SENTENCE_START)) {
    const at = (match.index ?? 0) + match[0].length;
    out.push(text.slice(from, at));
    from = at;
  }
  out.push(text.slice(from));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** "Source: <a>The Daily Z</a>", "Fuente: EFE", "Via <a>Site</a>" at the end of an aggregated item. */
function isSourceLine(v: SegmentView, lexicon: Lexicon): boolean {
  if (v.text.length > MAX_SOURCE_LINE_LENGTH || !lexicon.sourceLine.test(v.key) || inCaption(v)) return false;
  const density = linkDensity(v.segment.nodes);
  if (BARE_VIA.test(v.key)) return density >= SOURCE_LINK_DENSITY;
  return v.last || density >= SOURCE_LINK_DENSITY;
}

function isFooter(v: SegmentView, lexicon: Lexicon): boolean {
  if (!v.leaf) return false;
  if (lexicon.syndicationPlain.test(v.key)) return true;
  if (isSourceLine(v, lexicon)) return true;
  // "The post office appeared first on the list" is prose: a real footer links its post and site, or ends the body.
  const linked = linksIn(v.segment.nodes).length > 0;
  if (!v.last && !linked) return false;
  // "Originally published on a typewriter, the manuscript is …": a clause after the comma makes it a sentence of the story.
  if (!linked && MAIN_CLAUSE.test(v.key)) return false;
  if (lexicon.syndication.test(v.key)) {
    // "{*} appeared first on {*}" must not swallow the sentences before the footer.
    if (lexicon.syndicationOpening.test(v.key) || !SEVERAL_SENTENCES.test(v.text.trim())) return true;
  }
  if (!SEVERAL_SENTENCES.test(v.text.trim()) || !lexicon.syndicationOpening.occursIn(v.key)) return false;
  // Several sentences: a footer only when every one of them is footer wording.
  return sentencesOf(v.text).every((s) => isFooterSentence(matchKey(s), lexicon));
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
  apply(ctx) {
    const { root, lexicon } = ctx;
    let removed = removeSegmentsWhere(ctx, MAX_FOOTER_LENGTH, (v) => isFooter(v, lexicon));
    for (const v of liveSegments(root)) {
      if (v.leaf && lexicon.syndicationOpening.occursIn(v.key) && cutAppendedFooter(v, lexicon)) removed++;
    }
    return removed;
  },
};
