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
    return removeSegmentsWhere(root, MAX_FOOTER_LENGTH, (v) => v.leaf && lexicon.syndication.test(v.key));
  },
};
