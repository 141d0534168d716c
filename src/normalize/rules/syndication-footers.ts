import { isText, linkDensity, linksIn, removeNode, textOf, type ChildNode } from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { footerZone } from './position.js';
import { REPORTED_SPEECH } from './promos.js';
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
  /, (?:(?:and|but|so|und|aber|et|mais|y|pero|e|ma|mas|en|maar) )?(?:the|a|an|it|he|she|they|we|i|this|that|its|his|her|their|el|la|los|las|lo|un|una|der|die|das|ein|eine|er|sie|es|le|les|il|elle|ils|o|os|as|um|uma|ele|ela|het|een|hij|zij) /u;

/** Quoted words are the story's: a footer quotes nobody. */
const QUOTES = /["“”„«»]/u;
/** A note about where the text was published is a line: a longer sentence is the story's. */
const MAX_NOTE_WORDS = 30;
const MAX_NOTE_LENGTH = 250;

/**
 * "This article first appeared in …", "Cet article est paru initialement sur …", "A version of this story was
 * published by …": the text names itself in its first words and says it was published elsewhere. No wording list:
 * the self-reference and the verb may come in any order and with any words around them.
 */
export function isPublishedElsewhereNote(key: string, lexicon: Lexicon): boolean {
  // Thirty words fit in this many characters: a longer paragraph is not scanned.
  if (key.length > MAX_NOTE_LENGTH || !lexicon.selfReference.test(key) || !lexicon.publishedElsewhere.test(key)) return false;
  return key.split(' ').length <= MAX_NOTE_WORDS && !MAIN_CLAUSE.test(key) && !/[?!"]/u.test(key) && !REPORTED_SPEECH.test(key);
}

/** One sentence of a footer that may be several ("This story was produced by X. It is republished under …"). */
export function isFooterSentence(key: string, lexicon: Lexicon): boolean {
  return lexicon.syndicationPlain.test(key) || lexicon.syndicationOpening.test(key) || isPublishedElsewhereNote(key, lexicon);
}

/** "Read the original article" lines are a few words. */
const MAX_ORIGINAL_LINK_WORDS = 10;
const MAX_ORIGINAL_LINK_LENGTH = 120;
/** A line that is all link ("<a>Den vollständigen Originalartikel finden Sie hier.</a>") goes wherever it is. */
const WHOLE_LINK = 0.9;
const SOME_LINK = 0.3;

/**
 * "Lee el artículo original", "Leggi l'articolo originale su <a>site</a>", "<a>Lees het originele artikel</a>": a
 * short line that links and says "original". All link, or partly link among the footers at the end.
 */
function isOriginalLink(v: SegmentView, lexicon: Lexicon, zone: ReadonlySet<SegmentView>): boolean {
  if (v.key.length > MAX_ORIGINAL_LINK_LENGTH || v.key.split(' ').length > MAX_ORIGINAL_LINK_WORDS || SEVERAL_SENTENCES.test(v.text.trim())) return false;
  if (!lexicon.originalWord.test(v.key)) return false;
  const density = linkDensity(v.segment.nodes);
  return density >= WHOLE_LINK || (density >= SOME_LINK && zone.has(v));
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

function isFooter(v: SegmentView, lexicon: Lexicon, zone: ReadonlySet<SegmentView>): boolean {
  if (!v.leaf) return false;
  if (lexicon.syndicationPlain.test(v.key)) return true;
  if (isSourceLine(v, lexicon) || (!inCaption(v) && isOriginalLink(v, lexicon, zone))) return true;
  // "The post office appeared first on the list" is prose: a real footer links its post and site, or sits among the
  // footers at the end of the body.
  const linked = linksIn(v.segment.nodes).length > 0;
  if (!linked && (!zone.has(v) || REPORTED_SPEECH.test(v.key) || QUOTES.test(v.text))) return false;
  if (!SEVERAL_SENTENCES.test(v.text.trim()) && isPublishedElsewhereNote(v.key, lexicon)) return true;
  // "Originally published on a typewriter, the manuscript is …": a clause after the comma makes it a sentence of the story.
  if (!linked && MAIN_CLAUSE.test(v.key)) return false;
  if (lexicon.syndication.test(v.key)) {
    // "{*} appeared first on {*}" must not swallow the sentences before the footer.
    if (lexicon.syndicationOpening.test(v.key) || !SEVERAL_SENTENCES.test(v.text.trim())) return true;
  }
  if (!SEVERAL_SENTENCES.test(v.text.trim())) return false;
  if (!lexicon.syndicationOpening.occursIn(v.key) && !(zone.has(v) && lexicon.publishedElsewhere.test(v.key))) return false;
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
  countsEveryEdit: true,
  removes:
    'lines that syndication plugins and services append: "The post … appeared first on …" (Yoast, in every ' +
    'language WordPress ships), "Powered by WPeMatico", FiveFilters\' "Let\'s block ads! (Why?)" and Full-Text ' +
    'RSS notices, Medium\'s "originally published in", republishing and copyright footers; also such a footer ' +
    'appended to the last sentence of a paragraph',
  apply(ctx) {
    const { root, lexicon } = ctx;
    const zone = footerZone(root);
    let removed = removeSegmentsWhere(ctx, MAX_FOOTER_LENGTH, (v) => isFooter(v, lexicon, zone));
    for (const v of liveSegments(root)) {
      if (v.leaf && lexicon.syndicationOpening.occursIn(v.key) && cutAppendedFooter(v, lexicon)) removed++;
    }
    return removed;
  },
};
