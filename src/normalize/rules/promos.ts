import type { CleaningRule } from './rule.js';
import { removeSegmentsWhere } from './rule.js';

/** A promo is a short call to action; a long paragraph that opens the same way is the story. */
const MAX_PROMO_LENGTH = 350;

export const promos: CleaningRule = {
  name: 'promos',
  removes:
    'calls to follow the site on social networks or subscribe to its newsletter ("Follow us on Twitter", "Sign up ' +
    'for our newsletter", "Suscríbete a nuestro boletín"): a block that opens with a call to action AND names a ' +
    'network, newsletter, inbox or podcast',
  apply({ root, lexicon }) {
    return removeSegmentsWhere(
      root,
      MAX_PROMO_LENGTH,
      (v) => v.leaf && lexicon.promoOpener.test(v.key) && lexicon.promoTopic.test(v.key.replace(lexicon.promoOpener, '')),
    );
  },
};
