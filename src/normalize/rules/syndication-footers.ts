import { linksIn } from '../dom.js';
import type { CleaningRule } from './rule.js';
import { removeSegmentsWhere } from './rule.js';

const MAX_FOOTER_LENGTH = 400;

export const syndicationFooters: CleaningRule = {
  name: 'syndication-footers',
  removes:
    'lines that syndication plugins and services append: "The post … appeared first on …" (Yoast, in every ' +
    'language WordPress ships), "Powered by WPeMatico", FiveFilters\' "Let\'s block ads! (Why?)" and Full-Text ' +
    'RSS notices, Medium\'s "originally published in", republishing and copyright footers',
  apply({ root, lexicon }) {
    return removeSegmentsWhere(root, MAX_FOOTER_LENGTH, (v) => {
      if (!v.leaf) return false;
      if (lexicon.syndicationPlain.test(v.key)) return true;
      // "The post office appeared first on the list" is prose: a real footer links its post and site, or ends the body.
      return lexicon.syndication.test(v.key) && (v.last || linksIn(v.segment.nodes).length > 0);
    });
  },
};
