import { matchKey } from '../match.js';
import type { Lexicon } from '../lexicon.js';
import { inCaption, removeSegmentsWhere, type CleaningRule, type SegmentView } from './rule.js';

const MAX_CREDIT_LENGTH = 140;
/** A credit names a photographer and an agency: a few words, never a sentence. */
const MAX_CREDIT_WORDS = 8;
/** Words that join names in a credit: "John Smith for The Beacon", "Jane Doe via Getty", "Foto de EFE". */
const CREDIT_JOINERS = new Set([
  'for', 'via', 'by', 'and', 'the', 'of', 'de', 'del', 'da', 'do', 'di', 'van', 'von', 'der', 'den', 'le', 'la', 'y',
  'e', 'et', 'und', 'en', '&', '/', '|', '-', '©', 'photo', 'foto', 'archive', 'archivo', 'archiv', 'file',
]);
/** What a wire desk signs with, in capitals or in brackets: "(Reporting by …; Editing by …)". */
const WIRE_CREDIT = /^(?:additional )?(?:reporting|writing|editing|compiled|compilation|production|research) by /u;
const EDITING_CREDIT = /(?:^|[;,] ?)(?:editing|edited) by /u;

/** Every word of every agency name ("picture alliance", "getty images"), so a credit written in lower case passes. */
const agencyWordsOf = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
function agencyWords(lexicon: Lexicon): ReadonlySet<string> {
  let words = agencyWordsOf.get(lexicon.agencies);
  if (!words) {
    words = new Set([...lexicon.agencies].flatMap((name) => name.split(/[\s/]+/u)).filter((w) => w !== ''));
    agencyWordsOf.set(lexicon.agencies, words);
  }
  return words;
}

/** The words after a credit label are names: capitalised, agencies, joiners. */
function isNameList(rest: string, lexicon: Lexicon): boolean {
  const agencyWord = agencyWords(lexicon);
  const words = rest.split(/\s+/u).filter((w) => w !== '');
  if (words.length === 0 || words.length > MAX_CREDIT_WORDS) return false;
  // A sentence after the label ("Photo: The mayor speaks at the council.") is a caption, and captions are content.
  if (/[.!?]\s+\S/u.test(rest) || /\b(?:is|are|was|were|ist|sind|est|sont|es|son|è|sono|é|são|zijn)\b/iu.test(rest)) return false;
  return words.every((word) => {
    const bare = word.replace(/^[(\["'“]+|[)\]"'”.,;:]+$/gu, '');
    if (bare === '') return true;
    const key = matchKey(bare);
    return (
      /^\p{Lu}/u.test(bare) ||
      CREDIT_JOINERS.has(key) ||
      agencyWord.has(key) ||
      bare.split('/').every((part) => part === '' || /^\p{Lu}/u.test(part) || lexicon.agencies.has(matchKey(part)))
    );
  });
}

/** "Photo: John Smith/Reuters", "(Foto: EFE)", "Crédit photo : AFP" on a line of their own, away from the figure. */
export function isPhotoCredit(v: SegmentView, lexicon: Lexicon): boolean {
  const label = lexicon.creditLabel.exec(v.key);
  if (!label) return false;
  const afterLabel = v.text.trim().replace(/^\(/u, '').replace(/\)$/u, '');
  const colon = afterLabel.search(/[:|/©]/u);
  return colon >= 0 && isNameList(afterLabel.slice(colon + 1), lexicon);
}

/** "ASSOCIATED PRESS", "(REPORTING BY JANE DOE; EDITING BY JOHN ROE)", "(Reporting by …; Editing by …)". */
export function isWireCredit(v: SegmentView, lexicon: Lexicon): boolean {
  const letters = v.text.replace(/[^\p{L}]/gu, '');
  const capitals = letters.length > 1 && letters === letters.toUpperCase();
  if (WIRE_CREDIT.test(v.key)) return capitals || EDITING_CREDIT.test(v.key);
  if (!capitals) return false;
  const words = v.key.split(/[\s,;/]+/u).filter((w) => w !== '');
  if (words.length > MAX_CREDIT_WORDS) return false;
  // A line in capitals that is only agency names: "ASSOCIATED PRESS", "AFP / DPA".
  return lexicon.agencies.has(v.key) || words.every((w) => lexicon.agencies.has(w) || CREDIT_JOINERS.has(w));
}

/** Agency names run to three words ("agence france presse"). */
const MAX_AGENCY_WORDS = 3;

function namesAgency(words: readonly string[], lexicon: Lexicon): boolean {
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= MAX_AGENCY_WORDS && i + n <= words.length; n++) {
      if (lexicon.agencies.has(words.slice(i, i + n).join(' '))) return true;
    }
  }
  return false;
}

/**
 * "(COM INFORMAÇÕES DA AGÊNCIA BRASIL)", "(With reporting from Reuters)", "MIT MATERIAL VON DPA": a short line,
 * shouted or in brackets as a whole, that names a news agency. A bracketed sentence ("(Reuters reported it first.)")
 * ends with a full stop and stays.
 */
export function isAgencyCredit(v: SegmentView, lexicon: Lexicon): boolean {
  const text = v.text.trim();
  const letters = text.replace(/[^\p{L}]/gu, '');
  const capitals = letters.length > 1 && letters === letters.toUpperCase();
  const bracketed = /^\(.*\)$/su.test(text) && !/[.!?]\s*\)$/u.test(text) && !/[()]/u.test(text.slice(1, -1));
  if (!capitals && !bracketed) return false;
  const words = v.key.split(/[\s,;/()]+/u).filter((w) => w !== '');
  return words.length <= MAX_CREDIT_WORDS && namesAgency(words, lexicon);
}

export const creditLines: CleaningRule = {
  name: 'credit-lines',
  segmentsOnly: true,
  removes:
    'wire-service credit lines ("ASSOCIATED PRESS", "(REPORTING BY …; EDITING BY …)") and photo credits detached ' +
    'from their figure ("Photo: John Smith/Reuters", "(Foto: EFE)", "Crédit photo : AFP"): a short line of names ' +
    'after a credit label, never a caption sentence and never inside a figure',
  apply(ctx) {
    const { root, lexicon } = ctx;
    return removeSegmentsWhere(ctx,
      MAX_CREDIT_LENGTH,
      (v) => v.leaf && !inCaption(v) && (isWireCredit(v, lexicon) || isAgencyCredit(v, lexicon) || isPhotoCredit(v, lexicon)),
    );
  },
};
