import { adPlaceholders } from './ad-placeholders.js';
import { codeElements } from './code-elements.js';
import { creditLines } from './credit-lines.js';
import { emojiImages } from './emoji-images.js';
import { emptyBlocks } from './empty-blocks.js';
import { entryMeta } from './entry-meta.js';
import { lazyImages } from './lazy-images.js';
import { excerptTails } from './excerpt-tails.js';
import { junkSentences } from './junk-sentences.js';
import { legalNotices } from './legal-notices.js';
import { promos } from './promos.js';
import { relatedLinks } from './related-links.js';
import type { CleaningRule, RuleContext } from './rule.js';
import { shareWidgets } from './share-widgets.js';
import { statusLines } from './status-lines.js';
import { syndicationFooters } from './syndication-footers.js';
import { teasers } from './teasers.js';
import { trackingImages } from './tracking-images.js';
import { widgetBlocks } from './widget-blocks.js';
import { wpBlocks } from './wp-blocks.js';
import { wpShortcodes } from './wp-shortcodes.js';

export type { CleaningRule, RuleContext } from './rule.js';

/**
 * The boilerplate rules in the order they run. WordPress markup is resolved first
 * (shortcodes, lazy images, emoji: a placeholder image must not pass for a pixel).
 * Marked widgets go next (their class says what they are), then block-editor
 * wrappers (unwrapping them earlier would lose a widget's class), then footers whose wording needs their links'
 * text (before tracker links are dropped), then the phrase rules, related
 * links, excerpt endings, and last whatever was left empty.
 */
export const BOILERPLATE_RULES: readonly CleaningRule[] = [
  wpShortcodes,
  lazyImages,
  emojiImages,
  codeElements,
  widgetBlocks,
  wpBlocks,
  syndicationFooters,
  trackingImages,
  entryMeta,
  shareWidgets,
  promos,
  legalNotices,
  statusLines,
  creditLines,
  teasers,
  adPlaceholders,
  relatedLinks,
  excerptTails,
  junkSentences,
  emptyBlocks,
];

/** Runs every rule on the body; returns how many pieces each removed (for logs and tests). */
export function applyRules(ctx: RuleContext, rules: readonly CleaningRule[] = BOILERPLATE_RULES): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rule of rules) counts[rule.name] = rule.apply(ctx);
  return counts;
}
