/**
 * Running a feed's rules. Replacements edit the raw body HTML before it is
 * parsed (the body is still parsed once, like ftr-site-config's
 * replace_string); the selectors run on the parsed body before the
 * boilerplate rules, so those judge what the feed's own rules left.
 */
import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { appendChild } from 'domutils';
import type { RuleFiring } from '../../core/model.js';
import { hasWords, isAttached, removeNode, textOf, type Document, type ParentNode } from '../dom.js';
import { LEXICON } from '../lexicon.js';
import { applyRules, MAX_SAMPLES, sampleOf, type CleaningRule, type RuleContext } from '../rules/index.js';
import { FEED_RULE, FEED_RULE_LIMITS, type CompiledFeedRules, type CompiledReplacement, type CompiledSelector } from './compile.js';

function matches(selector: CompiledSelector, root: ParentNode): Element[] {
  return selectAll<AnyNode, Element>(selector.query, root);
}

function removeRule(selectors: readonly CompiledSelector[]): CleaningRule {
  return {
    name: FEED_RULE.remove,
    removes: "the elements the feed's rules.remove selectors match",
    apply(ctx: RuleContext): number {
      let removed = 0;
      for (const selector of selectors) {
        for (const el of matches(selector, ctx.root)) {
          // A match inside one removed before (by this selector or an earlier one) went with it.
          if (!isAttached(el, ctx.root)) continue;
          ctx.trace?.(textOf(el));
          removeNode(el);
          removed++;
        }
      }
      return removed;
    },
  };
}

/** The matches that are not inside another match: nested ones come along with their ancestor. */
function outermost(found: Element[]): Element[] {
  const chosen = new Set(found);
  return found.filter((el) => {
    for (let up = el.parent; up; up = up.parent) if (chosen.has(up as Element)) return false;
    return true;
  });
}

function bodyRule(selector: CompiledSelector): CleaningRule {
  return {
    name: FEED_RULE.body,
    removes: "everything outside the elements the feed's rules.body selector matches",
    apply(ctx: RuleContext): number {
      const kept = outermost(matches(selector, ctx.root));
      if (kept.length === 0) return 0;
      const onPath = new Set<AnyNode>();
      for (const el of kept) for (let up = el.parent; up; up = up.parent) onPath.add(up);
      const keep = new Set<AnyNode>(kept);
      let removed = 0;
      // Whatever is neither a kept element nor on the way to one goes; text without words is not counted.
      const prune = (parent: ParentNode): void => {
        for (const child of [...parent.children]) {
          if (keep.has(child)) continue;
          if (onPath.has(child)) {
            prune(child as ParentNode);
            continue;
          }
          const text = textOf(child);
          if (hasWords(text)) {
            ctx.trace?.(text);
            removed++;
          }
          removeNode(child);
        }
      };
      prune(ctx.root);
      // The kept elements, in document order, become the body's only children (their wrappers go).
      for (const el of kept) removeNode(el);
      for (const child of [...ctx.root.children]) removeNode(child);
      for (const el of kept) appendChild(ctx.root, el);
      return removed;
    },
  };
}

/**
 * Runs the feed's selectors on a parsed body: `body` first (what is outside it goes), then `remove`.
 * Returns their firings; a `body` that matched nothing keeps the whole body, and its firing says so.
 * Stored rules that no longer compile show as one `feed-rule:invalid` firing.
 */
export function applyFeedSelectors(root: Document, rules: CompiledFeedRules | null | undefined, disabled: ReadonlySet<string>): RuleFiring[] {
  if (!rules) return [];
  const own: CleaningRule[] = [];
  let unmatched = false;
  if (rules.body && !disabled.has(FEED_RULE.body)) {
    unmatched = selectOne<AnyNode, Element>(rules.body.query, root) === null;
    if (!unmatched) own.push(bodyRule(rules.body));
  }
  if (rules.remove.length > 0) own.push(removeRule(rules.remove));
  const firings = applyRules({ root, lexicon: LEXICON }, own, disabled);
  if (unmatched && rules.body) {
    firings.unshift({ rule: FEED_RULE.body, removed: 0, samples: [`nothing matched ${JSON.stringify(rules.body.source)}: the whole body was kept`] });
  }
  if (rules.invalid.length > 0) firings.push({ rule: FEED_RULE.invalid, removed: 0, samples: rules.invalid.slice(0, MAX_SAMPLES) });
  return firings;
}

/** The most the replacement can make of `input`, given `count` matches: each reference copies at most the input once. */
function largestOutput(input: string, count: number, rule: CompiledReplacement): number {
  return input.length + count * rule.replacement.length + rule.references * input.length;
}

/** The matches of one replacement: how many, and the first words of a few. */
function matchesOf(rule: CompiledReplacement, html: string): { count: number; samples: string[] } {
  const matcher = rule.re.matcher(html);
  const samples: string[] = [];
  let count = 0;
  while (matcher.find()) {
    count++;
    const text = matcher.group() ?? '';
    if (samples.length < MAX_SAMPLES && text.trim() !== '') samples.push(sampleOf(text));
  }
  return { count, samples };
}

/** Whether applyReplacements would run any replacement on a body. */
export function hasReplacements(rules: CompiledFeedRules | null | undefined, disabled: ReadonlySet<string>): rules is CompiledFeedRules {
  return !!rules && rules.replace.length > 0 && !disabled.has(FEED_RULE.replace);
}

/**
 * Runs the feed's replacements, in order, on raw body HTML. Returns the new HTML and, when any matched,
 * one `feed-rule:replace` firing (how many matches were replaced, the first words of a few). A body longer
 * than the input limit, or a replacement that could grow it past the output limit, is left as it was and
 * the firing says so.
 */
export function applyReplacements(
  html: string,
  rules: CompiledFeedRules | null | undefined,
  disabled: ReadonlySet<string>,
): { html: string; firings: RuleFiring[] } {
  if (!hasReplacements(rules, disabled)) return { html, firings: [] };
  if (html.length > FEED_RULE_LIMITS.inputChars) {
    const note = `skipped: the body has ${html.length} characters, more than ${FEED_RULE_LIMITS.inputChars}`;
    return { html, firings: [{ rule: FEED_RULE.replace, removed: 0, samples: [note] }] };
  }
  let out = html;
  let replaced = 0;
  const samples: string[] = [];
  for (const rule of rules.replace) {
    const found = matchesOf(rule, out);
    if (found.count === 0) continue;
    if (largestOutput(out, found.count, rule) > FEED_RULE_LIMITS.outputChars) {
      if (samples.length < MAX_SAMPLES) samples.push(`skipped ${JSON.stringify(rule.source)}: it could grow the body past ${FEED_RULE_LIMITS.outputChars} characters`);
      continue;
    }
    out = rule.re.matcher(out).replaceAll(rule.replacement);
    replaced += found.count;
    for (const sample of found.samples) if (samples.length < MAX_SAMPLES) samples.push(sample);
  }
  if (replaced === 0 && samples.length === 0) return { html, firings: [] };
  return { html: out, firings: [{ rule: FEED_RULE.replace, removed: replaced, samples }] };
}
