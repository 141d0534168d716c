import { linksIn } from '../dom.js';
import type { CleaningRule } from './rule.js';
import { removeSegmentsWhere, type SegmentView } from './rule.js';
import type { Lexicon } from '../lexicon.js';

const MAX_SHARE_LENGTH = 200;
/** Words a share button's text is made of, besides the networks' names. */
const SHARE_WORDS = new Set([
  'share', 'shares', 'on', 'via', 'tweet', 'like', 'email', 'e-mail', 'mail', 'print', 'pin', 'it', 'this', 'opens', 'in',
  'new', 'window', 'tab', 'click', 'to', 'copy', 'link', 'save', 'send', 'post', 'more', 'and', 'the', 'a',
]);

/** "Twitter (Opens in new window)", "Share on Facebook": nothing but networks and share words. */
function onlyShareWords(key: string, lexicon: Lexicon): boolean {
  const words = key.split(/[^\p{L}\p{N}+-]+/u).filter((w) => w !== '');
  return words.length > 0 && words.every((w) => SHARE_WORDS.has(w) || lexicon.shareWords.has(w) || lexicon.socialNetworks.has(w));
}

/** Single words that are widget labels even without a link. */
const LOADING = /^(?:loading|cargando|chargement|carregando|a carregar|caricamento|wird geladen|lädt)$/u;

function isShareJunk(v: SegmentView, lexicon: Lexicon): boolean {
  const hasLink = linksIn(v.segment.nodes).length > 0;
  // "Email" or "Print" alone may be a list item of the story; "Share this:", "Partager :" or a linked "Email" is a button.
  if (lexicon.share.test(v.key)) return hasLink || v.key.includes(' ') || LOADING.test(v.key) || v.text.trim().endsWith(':');
  return hasLink && onlyShareWords(v.key, lexicon);
}

export const shareWidgets: CleaningRule = {
  name: 'share-widgets',
  segmentsOnly: true,
  removes:
    'share and like buttons and their labels ("Share this:", "Like this:", "Loading…", "Click to share on Twitter ' +
    '(Opens in new window)", links that only name a network)',
  apply(ctx) {
    const { root, lexicon } = ctx;
    return removeSegmentsWhere(ctx, MAX_SHARE_LENGTH, (v) => isShareJunk(v, lexicon));
  },
};
