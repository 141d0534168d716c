/**
 * What a site config does to HTML: string replacements on the raw markup,
 * `strip` rules, and reading the body, title, authors, date and single-page
 * link by XPath. Works on linkedom documents (the DOM the full-text path and
 * Readability use); a feed body is parsed into one only when its host has
 * strip rules.
 */
import { parseHTML } from 'linkedom';
import type { RuleFiring } from '../../core/model.js';
import type { Logger } from '../../core/logger.js';
import { errorMessage } from '../../core/errors.js';
import { parseDate } from '../../parse/dates.js';
import { sampleOf } from '../rules/index.js';
import { resolveRelativeUrl, webUrl } from '../../core/urls.js';
import type { SiteConfig, XPathRule } from './parse.js';
import { SITE_STRIP_RULE } from './names.js';
import { evaluateXPath } from './xpath.js';


const MAX_SAMPLES = 3;
/** Replacements may grow a page by this factor at most (a short string replaced by a long one, many times). */
const MAX_GROWTH = 2;

/** `replace_string` rules, in order, on the raw HTML; a replacement that would grow the page past the bound is skipped. */
export function applyReplacements(html: string, config: SiteConfig): string {
  const limit = html.length * MAX_GROWTH + 65_536;
  let out = html;
  for (const { find, replace } of config.replacements) {
    const next = out.split(find).join(replace);
    if (next.length <= limit) out = next;
  }
  return out;
}

// linkedom's doctype node has no nextSibling, so an XPath walk from the document stops at it and finds nothing.
const DOCTYPE = /^\s*<!doctype[^>]*>/i;

/** A page or fragment parsed for XPath. A fragment (no <html>) ends up inside <body>. */
export function parseForXPath(html: string): Document {
  const source = html.replace(DOCTYPE, '');
  const wrapped = /<html[\s>]/i.test(source.slice(0, 2048)) ? source : `<html><head></head><body>${source}</body></html>`;
  return parseHTML(wrapped).document as unknown as Document;
}

/** Evaluation problems (an unknown function, a type error) are logged once per config line. */
const reported = new Set<string>();

function run(rule: XPathRule, root: Node, config: SiteConfig, log: Logger): Node[] | string {
  try {
    return evaluateXPath(rule.compiled, root);
  } catch (err) {
    const key = `${config.source}:${rule.line}`;
    if (!reported.has(key)) {
      reported.add(key);
      log.warn({ siteConfig: config.source, line: rule.line, xpath: rule.expression, err: errorMessage(err) }, 'site config XPath failed; skipped');
    }
    return [];
  }
}

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

/** The text a node stands for: an attribute's value, an element's text. */
function textValue(node: Node): string {
  const raw = node.nodeType === 2 ? ((node as Attr).value ?? '') : (node.textContent ?? '');
  return raw.replace(/\s+/g, ' ').trim();
}

/** Removes what the config's strip rules select; the firing says how much, or is null when nothing matched. */
export function stripBySiteConfig(root: Document, config: SiteConfig, log: Logger): RuleFiring | null {
  let removed = 0;
  const samples: string[] = [];
  for (const rule of config.strip) {
    const found = run(rule, root, config, log);
    if (typeof found === 'string') continue;
    for (const node of found) {
      // An earlier rule may have removed an ancestor already: the node is then detached and uncounted.
      if (!isElement(node) || !node.isConnected) continue;
      const text = textValue(node);
      if (samples.length < MAX_SAMPLES && text !== '') samples.push(sampleOf(text));
      node.remove();
      removed++;
    }
  }
  return removed > 0 ? { rule: SITE_STRIP_RULE, removed, samples } : null;
}

/** The strip firings of several pages of one story as one. */
export function mergeFirings(firings: (RuleFiring | null)[]): RuleFiring[] {
  const fired = firings.filter((f): f is RuleFiring => f !== null);
  if (fired.length === 0) return [];
  return [{ rule: SITE_STRIP_RULE, removed: fired.reduce((n, f) => n + f.removed, 0), samples: fired.flatMap((f) => f.samples).slice(0, MAX_SAMPLES) }];
}

/** The HTML of the first `body:` expression that selects elements (several elements are joined); null when none does. */
export function bodyBySiteConfig(root: Document, config: SiteConfig, log: Logger): string | null {
  for (const rule of config.body) {
    const found = run(rule, root, config, log);
    if (typeof found === 'string') continue;
    const elements = found.filter(isElement);
    if (elements.length === 0) continue;
    // A union can select an element and its own descendant; the ancestor already carries it.
    const outer = elements.filter((el) => !elements.some((other) => other !== el && other.contains(el)));
    const html = outer.map((el) => el.outerHTML).join('\n');
    if (html.trim() !== '') return outer.length === 1 ? html : `<div>${html}</div>`;
  }
  return null;
}

/** The values of the first expression among `rules` that yields any: one per selected node, or the string result. */
function values(rules: XPathRule[], root: Document, config: SiteConfig, log: Logger): string[] {
  for (const rule of rules) {
    const found = run(rule, root, config, log);
    const texts = (typeof found === 'string' ? [found.replace(/\s+/g, ' ').trim()] : found.map(textValue)).filter((t) => t !== '');
    if (texts.length > 0) return texts;
  }
  return [];
}

export interface SiteMetadata {
  title: string | null;
  authors: string[];
  publishedAt: string | null;
}

/** Title, authors and date as the config reads them (read before stripping: strip rules often remove the header they sit in). */
export function metadataBySiteConfig(root: Document, config: SiteConfig, log: Logger): SiteMetadata {
  const dates = values(config.date, root, config, log);
  return {
    title: values(config.title, root, config, log)[0] ?? null,
    authors: [...new Set(values(config.author, root, config, log))],
    publishedAt: dates.map((d) => parseDate(d)).find((d) => d !== null) ?? null,
  };
}

/** The first absolute http(s) URL one of `rules` links to, other than the pages in `seen`; null when none. */
export function linkBySiteConfig(rules: XPathRule[], root: Document, config: SiteConfig, pageUrl: string, seen: ReadonlySet<string>, log: Logger): string | null {
  for (const rule of rules) {
    const found = run(rule, root, config, log);
    const candidates = typeof found === 'string' ? [found] : found.map((n) => (isElement(n) ? (n.getAttribute('href') ?? '') : textValue(n)));
    for (const href of candidates) {
      if (href.trim() === '') continue;
      const url = webUrl(resolveRelativeUrl(href.trim(), pageUrl));
      if (url !== null && url !== pageUrl && !seen.has(url)) return url;
    }
  }
  return null;
}

/**
 * A feed body of a host that has strip rules, without what they select; the
 * same HTML back (and no firing) when nothing matched, so an unchanged body
 * is not re-serialized.
 */
export function stripFeedHtml(html: string, config: SiteConfig, log: Logger): { html: string; firing: RuleFiring | null } {
  if (config.strip.length === 0 || html.trim() === '') return { html, firing: null };
  const doc = parseForXPath(html);
  const firing = stripBySiteConfig(doc, config, log);
  return firing ? { html: doc.body.innerHTML, firing } : { html, firing: null };
}
