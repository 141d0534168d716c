import type { CleaningRule } from './rule.js';
import { removeSegmentsWhere } from './rule.js';

const MAX_AD_LABEL_LENGTH = 120;

export const adPlaceholders: CleaningRule = {
  name: 'ad-placeholders',
  removes:
    'ad slots\' labels and notices left in the text: "Advertisement", "Story continues below advertisement", ' +
    '"Anzeige", "Publicidad", "Publicité"; only a block that says nothing else',
  apply({ root, lexicon }) {
    return removeSegmentsWhere(root, MAX_AD_LABEL_LENGTH, (v) => lexicon.ad.test(v.key));
  },
};
