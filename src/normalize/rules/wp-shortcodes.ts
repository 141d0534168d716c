import {
  appendTo,
  elementsOf,
  hasMedia,
  insertBefore,
  isElement,
  isTag,
  isText,
  markerTokens,
  newElement,
  newText,
  removeNode,
  textOf,
  type ChildNode,
  type Document,
  type ParentNode,
  type Text,
} from '../dom.js';
import type { CleaningRule } from './rule.js';

/**
 * WordPress shortcodes that reach a feed unexpanded: `[caption …]<img> Text[/caption]` from plugins that export
 * raw post content, `[gallery ids="1,2"]`, `[embed]URL[/embed]`, page-builder wrappers. A token counts as a
 * shortcode only when it is one for sure: a known name, attributes written `key="value"`, or an opening tag
 * with its own closing tag. "[1]", "[citation needed]" and "[…]" are text and stay.
 */
const TOKEN = /\[(\/)?([a-z][a-z0-9_-]*)((?:\s[^[\]]*)?)\]/giu;
const ATTRIBUTE = /[\w-]+\s*=\s*["'“”″]/u;

/** Core and common plugin shortcodes that stand alone and render nothing useful outside the site. */
const KNOWN = new Set([
  'caption', 'wp_caption', 'gallery', 'embed', 'audio', 'video', 'playlist', 'contact-form-7', 'contact-form',
  'wpforms', 'gravityform', 'mc4wp_form', 'ad', 'adsense', 'adrotate', 'shortcode', 'toc', 'ez-toc', 'related',
  'jetpack_subscription_form', 'instagram', 'tweet', 'youtube', 'vimeo', 'soundcloud', 'spotify', 'googlemaps',
  'product', 'products', 'add_to_cart', 'button', 'divider', 'clear', 'separator', 'spacer', 'wpdm_package',
]);

/** Containers of the shortcodes that carry a figure and its caption. */
const CAPTION_NAMES = new Set(['caption', 'wp_caption']);

interface Token {
  node: Text;
  closing: boolean;
  name: string;
  attributes: string;
}

function isShortcodeToken(token: Omit<Token, 'node'>): boolean {
  return KNOWN.has(token.name) || ATTRIBUTE.test(token.attributes);
}

/** Splits every text node so that each shortcode-like token is a text node of its own. */
function isolateTokens(root: Document): Map<Text, Token> {
  const tokens = new Map<Text, Token>();
  const texts: Text[] = [];
  const visit = (parent: ParentNode): void => {
    for (const child of parent.children) {
      if (isText(child) && child.data.includes('[')) texts.push(child);
      else if (isElement(child)) visit(child);
    }
  };
  visit(root);
  for (const text of texts) {
    const data = text.data;
    let from = 0;
    for (const match of data.matchAll(TOKEN)) {
      const at = match.index ?? 0;
      if (at > from) insertBefore(text, newText(data.slice(from, at)));
      const node = newText(match[0]);
      insertBefore(text, node);
      tokens.set(node, {
        node,
        closing: match[1] === '/',
        name: (match[2] ?? '').toLowerCase(),
        attributes: match[3] ?? '',
      });
      from = at + match[0].length;
    }
    if (from === 0) continue;
    if (from < data.length) text.data = data.slice(from);
    else removeNode(text);
  }
  return tokens;
}

function closingTokenFor(open: Token, tokens: Map<Text, Token>): Token | null {
  let depth = 0;
  for (let node = open.node.next; node; node = node.next) {
    const token = isText(node) ? tokens.get(node) : undefined;
    if (!token || token.name !== open.name) continue;
    if (!token.closing) depth++;
    else if (depth === 0) return token;
    else depth--;
  }
  return null;
}

function between(open: Token, close: Token): ChildNode[] {
  const nodes: ChildNode[] = [];
  for (let node = open.node.next; node && node !== close.node; node = node.next) nodes.push(node);
  return nodes;
}

/** `[caption]<a><img></a> The caption[/caption]` → `<figure><a><img></a><figcaption>The caption</figcaption></figure>`. */
function toFigure(open: Token, close: Token): void {
  const inner = between(open, close);
  const figure = newElement('figure');
  const caption = newElement('figcaption');
  for (const node of inner) {
    if (isElement(node) && (hasMedia([node]) || isTag(node, 'a') && hasMedia(node.children))) appendTo(figure, node);
    else if (!isTag(node, 'br')) appendTo(caption, node);
  }
  const first = caption.children[0];
  if (first && isText(first)) first.data = first.data.trimStart();
  const last = caption.children[caption.children.length - 1];
  if (last && isText(last)) last.data = last.data.trimEnd();
  if (textOf(caption).trim() !== '') appendTo(figure, caption);
  insertBefore(open.node, figure);
  // A <p> holding only the caption would wrap a block: the figure takes the paragraph's place.
  const parent = figure.parent;
  if (parent && isElement(parent) && parent.name === 'p' && parent.children.every((c) => c === figure || c === open.node || c === close.node || (isText(c) && c.data.trim() === ''))) {
    insertBefore(parent, figure);
    removeNode(parent);
    return;
  }
  removeNode(open.node);
  removeNode(close.node);
}

/** `[embed]https://video.example/v/1[/embed]` → a link to what was embedded. */
function toLink(open: Token, close: Token): void {
  const url = textOf(between(open, close)).trim();
  if (/^https?:\/\/\S+$/iu.test(url)) {
    for (const node of between(open, close)) removeNode(node);
    const link = newElement('a', { href: url });
    appendTo(link, newText(url));
    insertBefore(open.node, link);
  }
  removeNode(open.node);
  removeNode(close.node);
}

function replacePair(open: Token, close: Token): void {
  if (CAPTION_NAMES.has(open.name)) toFigure(open, close);
  else if (open.name === 'embed') toLink(open, close);
  else {
    // An unknown wrapper (page builders, notes, columns): its content is the author's, only the tags go.
    removeNode(open.node);
    removeNode(close.node);
  }
}

/** Puts back together the text nodes that were split around tokens that stayed. */
function mergeTexts(root: Document): void {
  for (const parent of [root, ...elementsOf(root)]) {
    for (const child of [...parent.children]) {
      const prev = child.prev;
      if (isText(child) && prev && isText(prev) && child.parent === parent) {
        prev.data += child.data;
        removeNode(child);
      }
    }
  }
}

/**
 * What WordPress renders a caption as without HTML5 theme support: `<div class="wp-caption"><img><p
 * class="wp-caption-text">…</p></div>`, often inside a <p>. It says figure and caption, so it becomes them.
 */
function captionDivsToFigures(root: Document): number {
  let changed = 0;
  for (const el of elementsOf(root)) {
    if (el.name !== 'div' || !markerTokens(el).includes('wp-caption')) continue;
    el.name = 'figure';
    for (const part of elementsOf(el)) {
      if (markerTokens(part).includes('wp-caption-text')) part.name = 'figcaption';
    }
    changed++;
  }
  return changed;
}

export const wpShortcodes: CleaningRule = {
  name: 'wp-shortcodes',
  removes:
    'WordPress captions and shortcodes left unexpanded: [caption] and div.wp-caption become a <figure> with its <figcaption>, [embed]URL[/embed] a ' +
    'link, [gallery …] and other known or attribute-carrying shortcodes go, paired unknown ones lose their tags only',
  apply({ root }) {
    let removed = captionDivsToFigures(root);
    const tokens = isolateTokens(root);
    if (tokens.size === 0) return removed;
    const handled = new Set<Text>();
    for (const token of tokens.values()) {
      if (handled.has(token.node) || token.closing) continue;
      const close = closingTokenFor(token, tokens);
      if (close) {
        handled.add(close.node);
        replacePair(token, close);
        removed++;
      } else if (isShortcodeToken(token)) {
        removeNode(token.node);
        removed++;
      }
      handled.add(token.node);
    }
    for (const token of tokens.values()) {
      // A closing tag whose opening sat in another paragraph.
      if (token.closing && !handled.has(token.node) && KNOWN.has(token.name)) {
        removeNode(token.node);
        removed++;
      }
    }
    mergeTexts(root);
    return removed;
  },
};
