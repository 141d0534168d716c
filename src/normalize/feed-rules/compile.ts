/**
 * A feed's own cleaning rules, checked and compiled once: CSS selectors
 * (css-select, on the same domhandler tree the rules clean) and regex
 * replacements in RE2 syntax (re2js: matching is linear in the input, so no
 * pattern a user sends can backtrack for minutes on a crafted body).
 *
 * The API refuses a rule that does not compile (INVALID_RULE, 400). Rules
 * already stored are compiled again when a feed is cleaned, and one that no
 * longer compiles (a limit lowered, a library that became stricter) is
 * skipped and named in provenance instead of failing the article.
 */
import { compile as compileSelector } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { RE2JS } from 're2js';
import { FeedloomError, errorMessage } from '../../core/errors.js';
import type { FeedReplacement, FeedRules } from '../../core/model.js';

/** The rule names a feed's rules fire under in provenance (and may be listed in `rules.disable`). */
export const FEED_RULE = {
  remove: 'feed-rule:remove',
  body: 'feed-rule:body',
  replace: 'feed-rule:replace',
  /** A stored rule that no longer compiles: provenance says it was skipped. */
  invalid: 'feed-rule:invalid',
} as const;

export const FEED_RULE_NAMES: readonly string[] = [FEED_RULE.remove, FEED_RULE.body, FEED_RULE.replace];

/**
 * Bounds on what one feed may ask for. A replacement scans the body once in
 * linear time, so the input cap and the count bound the work per item (about
 * a second at worst for re2js on 20 patterns over 200,000 characters; real
 * bodies are a few kilobytes).
 */
export const FEED_RULE_LIMITS = {
  selectors: 50,
  selectorLength: 500,
  replacements: 20,
  patternLength: 1_000,
  replacementLength: 1_000,
  /** RE2's own measure of a compiled pattern's cost; `[a-z]{1,1000}` is about 2,000. */
  programSize: 10_000,
  /** Bodies longer than this keep their HTML as is (provenance says why). */
  inputChars: 200_000,
  /** A replacement that could grow the body past this is skipped. */
  outputChars: 400_000,
} as const;

export interface CompiledSelector {
  source: string;
  /** Kept as css-select returns it: it carries whether sibling combinators need the next siblings tested. */
  query: ReturnType<typeof compileSelector<AnyNode, Element>>;
}

export interface CompiledReplacement {
  source: string;
  re: RE2JS;
  replacement: string;
  /** How many times the replacement quotes the match or a group: each can copy up to the whole input. */
  references: number;
}

export interface CompiledFeedRules {
  remove: CompiledSelector[];
  body: CompiledSelector | null;
  replace: CompiledReplacement[];
  /** Stored rules that did not compile, with the reason: skipped. */
  invalid: string[];
  /** The rules as written: plain data that crosses to a normalize thread, which compiles them there. */
  source: OwnFeedRules;
}

/** The rules of a feed that are its own (not the names of rules it turns off). */
export type OwnFeedRules = Pick<FeedRules, 'remove' | 'body' | 'replace'>;

const REGEX_FLAGS: Readonly<Record<string, number>> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

/** `$&`, `$1`, `$<name>`: each copies text of the match into the output. */
const REFERENCE = /\$(?:&|\d|<)/g;
/** `` $` `` and `$'` copy everything before or after each match: quadratic output, refused. */
const SURROUNDING_REFERENCE = /\$[`']/;

class RuleProblem extends Error {}

function selector(source: string, where: string): CompiledSelector {
  if (source.trim() === '') throw new RuleProblem(`${where} is empty`);
  if (source.length > FEED_RULE_LIMITS.selectorLength) {
    throw new RuleProblem(`${where} is ${source.length} characters long; at most ${FEED_RULE_LIMITS.selectorLength}`);
  }
  try {
    return { source, query: compileSelector<AnyNode, Element>(source) };
  } catch (err) {
    throw new RuleProblem(`${where} ${JSON.stringify(source)} is not a CSS selector css-select accepts: ${errorMessage(err)}`);
  }
}

function regexFlags(flags: string | undefined, where: string): number {
  let bits = 0;
  for (const flag of flags ?? '') {
    const bit = REGEX_FLAGS[flag];
    if (bit === undefined) throw new RuleProblem(`${where}.flags ${JSON.stringify(flags)} has "${flag}"; accepted: i, m, s`);
    bits |= bit;
  }
  return bits;
}

function replacement(rule: FeedReplacement, where: string): CompiledReplacement {
  const { pattern } = rule;
  if (pattern === '') throw new RuleProblem(`${where}.pattern is empty`);
  if (pattern.length > FEED_RULE_LIMITS.patternLength) {
    throw new RuleProblem(`${where}.pattern is ${pattern.length} characters long; at most ${FEED_RULE_LIMITS.patternLength}`);
  }
  if (rule.replacement.length > FEED_RULE_LIMITS.replacementLength) {
    throw new RuleProblem(`${where}.replacement is ${rule.replacement.length} characters long; at most ${FEED_RULE_LIMITS.replacementLength}`);
  }
  if (SURROUNDING_REFERENCE.test(rule.replacement)) {
    throw new RuleProblem(`${where}.replacement uses $\` or $' (the text around each match); use groups instead`);
  }
  const flags = regexFlags(rule.flags, where);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, flags);
  } catch (err) {
    throw new RuleProblem(
      `${where}.pattern ${JSON.stringify(pattern)} is not an RE2 pattern (no backreferences or lookaround): ${errorMessage(err)}`,
    );
  }
  if (re.programSize() > FEED_RULE_LIMITS.programSize) {
    throw new RuleProblem(`${where}.pattern compiles to ${re.programSize()} instructions; at most ${FEED_RULE_LIMITS.programSize}`);
  }
  return { source: pattern, re, replacement: rule.replacement, references: rule.replacement.match(REFERENCE)?.length ?? 0 };
}

/** Runs `make`, collecting its problem instead of throwing; null when there was one. */
function attempt<T>(invalid: string[], make: () => T): T | null {
  try {
    return make();
  } catch (err) {
    if (!(err instanceof RuleProblem)) throw err;
    invalid.push(err.message);
    return null;
  }
}

function countProblem(invalid: string[], what: string, count: number, max: number): void {
  if (count > max) invalid.push(`rules.${what} has ${count} entries; at most ${max} (the first ${max} are used)`);
}

/** Compiles every rule it can; what does not compile is listed in `invalid`. Never throws for a bad rule. */
export function compileFeedRules(rules: OwnFeedRules): CompiledFeedRules {
  const invalid: string[] = [];
  countProblem(invalid, 'remove', rules.remove.length, FEED_RULE_LIMITS.selectors);
  countProblem(invalid, 'replace', rules.replace.length, FEED_RULE_LIMITS.replacements);
  const remove = rules.remove
    .slice(0, FEED_RULE_LIMITS.selectors)
    .map((source, i) => attempt(invalid, () => selector(source, `rules.remove[${i}]`)))
    .filter((s): s is CompiledSelector => s !== null);
  const body = rules.body === null ? null : attempt(invalid, () => selector(rules.body ?? '', 'rules.body'));
  const replace = rules.replace
    .slice(0, FEED_RULE_LIMITS.replacements)
    .map((rule, i) => attempt(invalid, () => replacement(rule, `rules.replace[${i}]`)))
    .filter((r): r is CompiledReplacement => r !== null);
  return { remove, body, replace, invalid, source: { remove: rules.remove, body: rules.body, replace: rules.replace } };
}

/** For input: every rule must compile. Throws INVALID_RULE naming the rules that do not, and why. */
export function assertValidFeedRules(rules: OwnFeedRules): void {
  const { invalid } = compileFeedRules(rules);
  if (invalid.length > 0) throw new FeedloomError('INVALID_RULE', invalid.join('; '), { details: { rules: invalid } });
}

/**
 * The rules a request asks for on top of `current` (null: a new feed): each field given replaces the
 * current one. Throws INVALID_RULE when a rule does not compile.
 */
export function feedRulesFrom(input: Partial<FeedRules>, current: FeedRules | null): FeedRules {
  const rules: FeedRules = {
    disable: input.disable ?? current?.disable ?? [],
    remove: input.remove ?? current?.remove ?? [],
    body: input.body === undefined ? (current?.body ?? null) : input.body,
    replace: input.replace ?? current?.replace ?? [],
  };
  assertValidFeedRules(rules);
  return rules;
}

/** True when the feed has rules of its own (not only rule names it turns off). */
export function hasOwnRules(rules: OwnFeedRules): boolean {
  return rules.remove.length > 0 || rules.body !== null || rules.replace.length > 0;
}

const CACHE_SIZE = 256;
const compiledCache = new Map<string, CompiledFeedRules>();

/**
 * The compiled rules of a stored feed. Each article job compiles its feed's rules; a small cache keyed by
 * the rules' JSON saves recompiling them for every item of the same feed. Null when the feed has none.
 */
export function compiledRulesOf(rules: OwnFeedRules): CompiledFeedRules | null {
  if (!hasOwnRules(rules)) return null;
  const key = JSON.stringify([rules.remove, rules.body, rules.replace]);
  const cached = compiledCache.get(key);
  if (cached) return cached;
  const compiled = compileFeedRules(rules);
  // Insertion order is age: the oldest entry goes first.
  if (compiledCache.size >= CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
  compiledCache.set(key, compiled);
  return compiled;
}
