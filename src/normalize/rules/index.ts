import { SITE_STRIP_RULE } from '../site-config/names.js';
import { adPlaceholders } from './ad-placeholders.js';
import { codeElements } from './code-elements.js';
import { creditLines } from './credit-lines.js';
import { emojiImages } from './emoji-images.js';
import { emptyBlocks } from './empty-blocks.js';
import { entryMeta } from './entry-meta.js';
import { lazyImages } from './lazy-images.js';
import { layoutTables } from './layout-tables.js';
import { excerptTails } from './excerpt-tails.js';
import { junkSentences } from './junk-sentences.js';
import { legalNotices } from './legal-notices.js';
import { promos } from './promos.js';
import { relatedLinks } from './related-links.js';
import { forgetSegments, type CleaningRule, type RuleContext } from './rule.js';
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
  layoutTables,
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

/** What one rule did to one body: how many pieces it removed and the first words of a few of them. */
export interface RuleFiring {
  rule: string;
  removed: number;
  samples: string[];
}

export const MAX_SAMPLES = 3;
const SAMPLE_WORDS = 8;

export function sampleOf(text: string): string {
  const words = text.trim().split(/\s+/u);
  return words.slice(0, SAMPLE_WORDS).join(' ') + (words.length > SAMPLE_WORDS ? ' …' : '');
}

/**
 * Runs the rules on the body, except those named in `disabled` (a feed's `rules.disable`); returns the rules
 * that removed something, in the order they ran.
 */
export function applyRules(
  ctx: RuleContext,
  rules: readonly CleaningRule[] = BOILERPLATE_RULES,
  disabled: ReadonlySet<string> = new Set(),
): RuleFiring[] {
  const firings: RuleFiring[] = [];
  for (const rule of rules) {
    if (disabled.has(rule.name)) continue;
    const samples: string[] = [];
    const trace = (text: string): void => {
      if (samples.length < MAX_SAMPLES && text.trim() !== '') samples.push(sampleOf(text));
    };
    // Views are shared only between rules that changed nothing; any other rule may have edited the DOM, so its
    // views are forgotten after it (at a rule boundary the cache is always current or empty).
    const removed = rule.apply({ ...ctx, trace });
    if (removed > 0 || !(rule.segmentsOnly || rule.countsEveryEdit)) forgetSegments(ctx.root);
    if (removed > 0) firings.push({ rule: rule.name, removed, samples });
  }
  // What runs after the rules (the byline, sanitizing) edits the DOM without telling the cache.
  forgetSegments(ctx.root);
  return firings;
}

/** The names a feed may list in `rules.disable`: the rules above and the feed's learned boilerplate. */
export const RULE_NAMES: readonly string[] = [...BOILERPLATE_RULES.map((r) => r.name), 'learned-boilerplate', SITE_STRIP_RULE];
