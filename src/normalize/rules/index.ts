import { adPlaceholders } from './ad-placeholders.js';
import { codeElements } from './code-elements.js';
import { emptyBlocks } from './empty-blocks.js';
import { entryMeta } from './entry-meta.js';
import { excerptTails } from './excerpt-tails.js';
import { promos } from './promos.js';
import { relatedLinks } from './related-links.js';
import type { CleaningRule, RuleContext } from './rule.js';
import { shareWidgets } from './share-widgets.js';
import { syndicationFooters } from './syndication-footers.js';
import { trackingImages } from './tracking-images.js';
import { widgetBlocks } from './widget-blocks.js';

export type { CleaningRule, RuleContext } from './rule.js';

/**
 * The boilerplate rules in the order they run. Marked widgets go first (their
 * class says what they are), then footers whose wording needs their links'
 * text (before tracker links are dropped), then the phrase rules, related
 * links, excerpt endings, and last whatever was left empty.
 */
export const BOILERPLATE_RULES: readonly CleaningRule[] = [
  codeElements,
  widgetBlocks,
  syndicationFooters,
  trackingImages,
  entryMeta,
  shareWidgets,
  promos,
  adPlaceholders,
  relatedLinks,
  excerptTails,
  emptyBlocks,
];

/** Runs every rule on the body; returns how many pieces each removed (for logs and tests). */
export function applyRules(ctx: RuleContext, rules: readonly CleaningRule[] = BOILERPLATE_RULES): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rule of rules) counts[rule.name] = rule.apply(ctx);
  return counts;
}
