import { linkDensity } from '../dom.js';
import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import { sentenceSpans } from '../sentences.js';
import { removeSegmentsWhere, type CleaningRule, type SegmentView } from './rule.js';

const MAX_TEASER_LENGTH = 400;
/** A teaser sells: a price, a discount, or a link to the shop. */
const PRICE = /(?:[$€£¥]\s?\d|\d\s?(?:[$€£¥]|eur|usd|%))/iu;
const TEASER_LINK_DENSITY = 0.3;

/** Every sentence is an affiliate or sponsorship disclosure: "We may earn a commission …", "Dieser Artikel enthält Affiliate-Links". */
export function isDisclosure(text: string, key: string, lexicon: Lexicon): boolean {
  if (!lexicon.disclosure.occursIn(key)) return false;
  const spans = sentenceSpans(text);
  return spans.length > 0 && spans.every((s) => lexicon.disclosure.test(matchKey(text.slice(s.start, s.end))));
}

/** "SHOP NOW: The best headphones are 30% off at <a>Amazon</a>": a shop label, then a price or a shop link. */
function isProductTeaser(v: SegmentView, lexicon: Lexicon): boolean {
  if (!lexicon.teaserLead.test(v.key)) return false;
  const label = v.text.trim().split(/[:|]/u)[0] ?? '';
  const shouted = /\p{Lu}{2}/u.test(label) && label === label.toUpperCase();
  const linked = linkDensity(v.segment.nodes) >= TEASER_LINK_DENSITY;
  // "Deal: the two parties agreed on a 5% raise" is a sentence; a shop label is shouted or sits on a shop link.
  return (shouted && (PRICE.test(v.text) || linked)) || (linked && PRICE.test(v.text));
}

export const teasers: CleaningRule = {
  name: 'teasers',
  segmentsOnly: true,
  removes:
    'affiliate and sponsorship disclosures ("We may earn a commission when you buy through links on our site", ' +
    '"Este artículo contiene enlaces de afiliados") and product teasers ("SHOP NOW: … 30% off at Amazon", ' +
    '"Jetzt kaufen: …"): a disclosure block only when every sentence discloses, a teaser only with a price or a shop link',
  apply(ctx) {
    const { root, lexicon } = ctx;
    return removeSegmentsWhere(ctx,
      MAX_TEASER_LENGTH,
      (v) => v.leaf && (isDisclosure(v.text, v.key, lexicon) || isProductTeaser(v, lexicon)),
    );
  },
};
