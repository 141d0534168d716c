import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { escapeText } from 'entities';
import { isTag, type ChildNode, type Document } from 'domhandler';
import { limitDepth, MAX_HTML_DEPTH } from '../core/html-depth.js';
import { resolveUrlsIn } from '../core/html-urls.js';

/**
 * HTML fragments as feeds carry them: made absolute (every URL attribute
 * resolved against the item's base), reduced to text for titles, or built from
 * plain text. Sanitizing is not done here; it is normalize's last step.
 */

const SKIPPED_TEXT = new Set(['script', 'style', 'template', 'noscript']);
const BLOCK_ELEMENTS = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'table', 'hr']);

/** True when `html` has more start tags than MAX_HTML_DEPTH, so it may nest too deep. */
function mayNestTooDeep(html: string): boolean {
  const tag = /<[a-z]/gi;
  let count = 0;
  while (tag.exec(html)) if (++count > MAX_HTML_DEPTH) return true;
  return false;
}

function parseFragment(html: string): Document {
  const doc = parseDocument(html);
  limitDepth(doc);
  return doc;
}

/**
 * Makes every URL attribute in `html` absolute against `base`, and flattens
 * nesting deeper than MAX_HTML_DEPTH. Without a base, HTML that cannot nest
 * that deep is returned unchanged.
 */
export function resolveHtmlUrls(html: string, base: string | null): string {
  if (!/<[a-z]/i.test(html) || (!base && !mayNestTooDeep(html))) return html;
  const doc = parseFragment(html);
  if (base) resolveUrlsIn(doc.children, base);
  return render(doc.children, { encodeEntities: 'utf8' });
}

function collectText(nodes: ChildNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push(node.data);
    else if (isTag(node) && !SKIPPED_TEXT.has(node.name)) {
      const block = BLOCK_ELEMENTS.has(node.name);
      if (block) out.push(' ');
      collectText(node.children, out);
      if (block) out.push(' ');
    }
  }
}

function textOf(nodes: ChildNode[]): string {
  const out: string[] = [];
  collectText(nodes, out);
  return collapseWhitespace(out.join(''));
}

/** Visible text of an HTML fragment, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  return textOf(parseFragment(html).children);
}

/**
 * `resolveHtmlUrls` and `htmlToText` of one fragment from a single parse:
 * every item body of every fetch goes through here, and a second parse of
 * the same HTML was a fifth of the feed parse's time.
 */
export function resolvedHtmlAndText(html: string, base: string | null): { html: string; text: string } {
  if (!/<[a-z]/i.test(html)) return { html, text: htmlToText(html) };
  const doc = parseFragment(html);
  if (base) resolveUrlsIn(doc.children, base);
  const changed = base !== null || mayNestTooDeep(html);
  return { html: changed ? render(doc.children, { encodeEntities: 'utf8' }) : html, text: textOf(doc.children) };
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain text as HTML: escaped, so `<blink>` stays visible text. */
export function textToHtml(text: string): string {
  return escapeText(text);
}

const HTML_TAG = /<\/?(a|abbr|acronym|address|b|big|blockquote|br|center|cite|code|dd|del|dfn|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|kbd|li|ol|p|pre|q|s|samp|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul|var|video|audio|iframe|script|style|object|embed|figure|section|article|noscript)\b[^>]*>/i;
const HTML_ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** feedparser's guess for values with no declared type: markup or entity references mean HTML. */
export function looksLikeHtml(value: string): boolean {
  return HTML_TAG.test(value) || HTML_ENTITY.test(value);
}
