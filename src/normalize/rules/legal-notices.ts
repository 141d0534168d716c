import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { sentenceSpans } from '../sentences.js';
import { inCaption, removeSegmentsWhere, type CleaningRule } from './rule.js';

/** Notices are a line or two; a long paragraph about copyright law is a story. */
const MAX_NOTICE_LENGTH = 400;
/**
 * "© 2024 The Beacon", "Copyright © Jane Doe", "Copyright 2023 AP": a mark, then a name or a year. "Copyright law
 * is …" is a sentence: the word alone needs a © or a year after it.
 */
const COPYRIGHT_MARK = /^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4})|copr\.\s)/u;
const MAX_COPYRIGHT_WORDS = 12;

/** One sentence that is a usage or legal notice, or a short "© Name, year" mark (the mark is not in the key). */
export function isNoticeSentence(sentence: string, key: string, lexicon: Lexicon): boolean {
  if (lexicon.legalNotice.test(key)) return true;
  const mark = COPYRIGHT_MARK.test(sentence.trim().toLowerCase());
  return mark && key.split(' ').length <= MAX_COPYRIGHT_WORDS && !/[?!]/u.test(key);
}

/** Every sentence of the block is a notice: a story sentence in front keeps the block. */
export function isNoticeBlock(text: string, key: string, lexicon: Lexicon): boolean {
  // Most blocks hold no notice wording and no mark: one scan of the key settles them.
  if (!lexicon.legalNotice.occursIn(key) && !/^[\s(]*(?:©|copyright|copr)/iu.test(text)) return false;
  const spans = sentenceSpans(text);
  return spans.length > 0 && spans.every((s) => {
    const sentence = text.slice(s.start, s.end);
    return isNoticeSentence(sentence, matchKey(sentence), lexicon);
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
    return removeSegmentsWhere(ctx,
      MAX_NOTICE_LENGTH,
      (v) => v.leaf && !inCaption(v) && isNoticeBlock(v.text, v.key, lexicon),
    );
  },
};
