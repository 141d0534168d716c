import { linkDensity } from '../dom.js';
import type { CleaningRule } from './rule.js';
import { removeSegmentsWhere } from './rule.js';

const MAX_META_LENGTH = 500;
/** "Tags: a, b" is meta when its words are mostly links to tag pages. */
const MIN_LABEL_LINK_DENSITY = 0.3;

export const entryMeta: CleaningRule = {
  name: 'entry-meta',
  segmentsOnly: true,
  removes:
    'theme footers about the post rather than its story: "This entry was posted in … Bookmark the permalink.", ' +
    '"Posted in … | Tagged …", "Filed under", category/tag lists and comment links',
  apply(ctx) {
    const { root, lexicon } = ctx;
    return removeSegmentsWhere(ctx, MAX_META_LENGTH, (v) => {
      if (!v.leaf) return false;
      if (lexicon.entryMetaSentence.test(v.key)) return true;
      return lexicon.entryMetaLabel.test(v.key) && linkDensity(v.segment.nodes) >= MIN_LABEL_LINK_DENSITY;
    });
  },
};
