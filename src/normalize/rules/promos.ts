import type { Lexicon } from '../lexicon.js';
import { matchKey } from '../match.js';
import type { CleaningRule } from './rule.js';
import { removeSegmentsWhere } from './rule.js';

/** A promo is a short call to action; a long paragraph that opens the same way is the story. */
const MAX_PROMO_LENGTH = 350;
/** "Liked this recipe?", "¿Te gustó?": a teaser question that leads into the call to action. */
const MAX_TEASER_WORDS = 8;
/** Sentence ends: the promo's call to action may follow a teaser sentence. */
const SENTENCE_END = /(?<=[.!?…])\s+|(?=[¿¡])/u;

/** One sentence that opens with a call to action and names a network, newsletter, inbox or podcast. */
function isCallToAction(key: string, lexicon: Lexicon): boolean {
  return lexicon.promoOpener.test(key) && lexicon.promoTopic.test(key.replace(lexicon.promoOpener, ''));
}

function isTeaser(sentence: string): boolean {
  const trimmed = sentence.trim();
  return /[?!]$/u.test(trimmed) && trimmed.split(/\s+/).length <= MAX_TEASER_WORDS;
}

/**
 * The block is a call to action, or teaser questions followed by one ("¿Te gustó la receta? Síguenos en
 * Instagram."). Every sentence has to be one of the two, so a story sentence before a promo keeps the block.
 */
export function isPromo(key: string, text: string, lexicon: Lexicon): boolean {
  if (isCallToAction(key, lexicon)) return true;
  // Without a teaser question or exclamation, every sentence would be a call to action and the whole key one too.
  if (!/[?!]/u.test(text)) return false;
  const sentences = text.split(SENTENCE_END).filter((s) => s.trim() !== '');
  if (sentences.length < 2) return false;
  let calls = 0;
  for (const sentence of sentences) {
    if (isCallToAction(matchKey(sentence), lexicon)) calls++;
    else if (!isTeaser(sentence)) return false;
  }
  return calls > 0;
}

export const promos: CleaningRule = {
  name: 'promos',
  removes:
    'calls to follow the site on social networks or subscribe to its newsletter ("Follow us on Twitter", "Sign up ' +
    'for our newsletter", "Suscríbete a nuestro boletín"): a block that opens with a call to action AND names a ' +
    'network, newsletter, inbox or podcast, possibly after a teaser question ("Liked this? Follow us on …")',
  apply({ root, lexicon }) {
    return removeSegmentsWhere(root, MAX_PROMO_LENGTH, (v) => v.leaf && isPromo(v.key, v.text, lexicon));
  },
};
