import type { Lexicon } from '../lexicon.js';
import { inCaption, removeSegmentsWhere, type CleaningRule, type SegmentView } from './rule.js';

/** "Published 10:32 AM EST, Tue March 5, 2024 | Updated 11:02 AM": a line, never a paragraph. */
const MAX_STATUS_LENGTH = 160;
/** Numbers of dates and times: 5, 2024, 10:32, 12.01, 05.03.2024, 05/03/2024, 10h32, 5th, 1er, 2024-03-05t10:32z. */
const DATE_NUMBER = /^(?:\d{1,4}(?:[.:/h-]\d{1,4}){0,3}(?:st|nd|rd|th|er|º|ª|t\d.*|z)?|'\d\d)$/u;
const TOKEN_SPLIT = /[\s,|·•/:;()[\]–—-]+/u;

function isDateToken(token: string, lexicon: Lexicon): boolean {
  return DATE_NUMBER.test(token) || lexicon.dateWords.has(token) || lexicon.dateWords.has(token.replace(/\.$/u, ''));
}

/** Every word is a date, a time, a status label or a connector, and there is at least one number or "ago". */
function isOnlyDates(key: string, lexicon: Lexicon): boolean {
  const tokens = key.split(TOKEN_SPLIT).filter((t) => t !== '');
  if (tokens.length === 0 || !tokens.some((t) => /\d/u.test(t))) return false;
  return tokens.every((t) => isDateToken(t, lexicon));
}

/** A month or weekday name, or a numeric date: what a bare date line needs besides numbers. */
function looksLikeDate(key: string, lexicon: Lexicon): boolean {
  if (/\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/u.test(key)) return true;
  return key.split(TOKEN_SPLIT).some((t) => t.length > 2 && lexicon.dateWords.has(t) && !/^(?:the|and|ago|hace|vor)$/u.test(t));
}

export function isStatusLine(v: SegmentView, lexicon: Lexicon): boolean {
  if (!v.leaf || v.text.length > MAX_STATUS_LENGTH || inCaption(v)) return false;
  if (lexicon.statusLabel.test(v.key)) return isOnlyDates(v.key, lexicon);
  // A bare date ("Tue 5 Mar 2024 12.01 GMT") repeats the item's date only at the top or the bottom of the body.
  return (v.first || v.last) && looksLikeDate(v.key, lexicon) && isOnlyDates(v.key, lexicon);
}

export const statusLines: CleaningRule = {
  name: 'status-lines',
  segmentsOnly: true,
  removes:
    'lines that repeat the item\'s dates: "Published 10:32 AM EST, March 5, 2024", "Updated: 5 March 2024", ' +
    '"Last modified on …", "Aktualisiert am 05.03.2024, 11:02 Uhr", "Mis à jour le …", "Pubblicato il …"; the ' +
    'line must be a label followed by nothing but dates and times (a bare date only as the first or last line)',
  apply(ctx) {
    const { root, lexicon } = ctx;
    return removeSegmentsWhere(ctx, MAX_STATUS_LENGTH, (v) => isStatusLine(v, lexicon));
  },
};
