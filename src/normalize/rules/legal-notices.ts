import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { sentenceSpans } from '../sentences.js';
import { footerZone } from './position.js';
import { REPORTED_SPEECH } from './promos.js';
import { inCaption, removeSegmentsWhere, type CleaningRule } from './rule.js';

/** Notices are a line or two; a long paragraph about copyright law is a story. */
const MAX_NOTICE_LENGTH = 400;
/**
 * "© 2024 The Beacon", "Copyright © Jane Doe", "Copyright 2023 AP": a mark, then a name or a year. "Copyright law
 * is …" is a sentence: the word alone needs a © or a year after it.
 */
const COPYRIGHT_MARK = /^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4})|copr\.\s)/u;
const MAX_COPYRIGHT_WORDS = 12;

/** A usage notice in its own words is one plain sentence: a longer one, a question or a quote is the story's. */
const MAX_USAGE_WORDS = 25;
const NOTICE_OPENING_WORDS = 4;

/**
 * "Eine Weiterverbreitung ist nur mit schriftlicher Genehmigung erlaubt", "Tous droits de reproduction et de
 * représentation réservés", "Niets uit deze uitgave mag worden verveelvoudigd zonder toestemming": a word of reusing the
 * text and a word of permission or prohibition in one short sentence that nobody is quoted saying.
 */
function isUsageSentence(sentence: string, key: string, lexicon: Lexicon): boolean {
  const words = key.split(' ');
  if (words.length > MAX_USAGE_WORDS || /[?!"“”«»„]/u.test(sentence)) return false;
  if (!lexicon.reuseWord.test(key) || !lexicon.permissionWord.test(key) || REPORTED_SPEECH.test(key)) return false;
  // A notice is about the reuse itself: it opens with it ("Reproduction interdite", "Eine Weiterverbreitung ist …",
  // "This content may not be …"). "The court ruled that the photos may not be republished" reports someone else's.
  const opening = words.slice(0, NOTICE_OPENING_WORDS).join(' ');
  return lexicon.reuseWord.test(opening) || lexicon.permissionWord.test(opening);
}

/**
 * One sentence that is a usage or legal notice, or a short "© Name, year" mark (the mark is not in the key). Notices
 * in words no list has count only `amongFooters` (in the run of short lines that ends the body, or beside a mark):
 * a story about copyright law says such things in its own paragraphs.
 */
export function isNoticeSentence(sentence: string, key: string, lexicon: Lexicon, amongFooters = false): boolean {
  if (lexicon.legalNotice.test(key)) return true;
  const mark = COPYRIGHT_MARK.test(sentence.trim().toLowerCase());
  if (mark) return key.split(' ').length <= MAX_COPYRIGHT_WORDS && !/[?!]/u.test(key);
  return amongFooters && isUsageSentence(sentence, key, lexicon);
}

/** A © or the word anywhere in the block (keys are lower case). */
function hasMark(key: string, text: string): boolean {
  return text.includes('©') || key.includes('copyright') || key.includes('(c)');
}

/** Every sentence of the block is a notice: a story sentence in front keeps the block. */
export function isNoticeBlock(text: string, key: string, lexicon: Lexicon, amongFooters = false): boolean {
  // Most blocks hold no notice wording and no mark: one scan of the key settles them.
  const marked = hasMark(key, text);
  // Notices in their own words count only among the footers or beside a mark: elsewhere no word scan is needed.
  const usage = (amongFooters || marked) && lexicon.reuseWord.test(key) && lexicon.permissionWord.test(key);
  if (!usage && !lexicon.legalNotice.occursIn(key) && !/^[\s(]*(?:©|copyright|copr)/iu.test(text)) return false;
  const spans = sentenceSpans(text);
  return spans.length > 0 && spans.every((s) => {
    const sentence = text.slice(s.start, s.end);
    return isNoticeSentence(sentence, matchKey(sentence), lexicon, amongFooters || marked);
  });
}

export const legalNotices: CleaningRule = {
  name: 'legal-notices',
  segmentsOnly: true,
  removes:
    'usage and legal footers the publisher or a wire service appends: "© 2024 Name", "All rights reserved", ' +
    '"Tous droits réservés", "Riproduzione riservata", "For personal, non-commercial use only", "This material may ' +
    'not be published, broadcast, rewritten or redistributed", "Nachdruck nur mit Genehmigung"; a block goes only ' +
    'when every sentence of it is such a notice, and never from a caption',
  apply(ctx) {
    const { root, lexicon } = ctx;
    const zone = footerZone(root);
    return removeSegmentsWhere(ctx,
      MAX_NOTICE_LENGTH,
      (v) => v.leaf && !inCaption(v) && isNoticeBlock(v.text, v.key, lexicon, zone.has(v)),
    );
  },
};
