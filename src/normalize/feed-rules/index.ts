/** A feed's own cleaning rules: CSS selectors to remove or to take as the body, regex replacements. */
export { applyFeedSelectors, applyReplacements, hasReplacements } from './apply.js';
export {
  assertValidFeedRules,
  compileFeedRules,
  compiledRulesOf,
  FEED_RULE,
  FEED_RULE_LIMITS,
  FEED_RULE_NAMES,
  feedRulesFrom,
  hasOwnRules,
  type CompiledFeedRules,
  type OwnFeedRules,
} from './compile.js';
