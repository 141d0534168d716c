import { escapeAttribute, escapeText } from 'entities';
import { childElements, textContent, type XmlElement, type XmlNode } from './xml-tree.js';
import { htmlToText, looksLikeHtml, resolveHtmlUrls, textToHtml, collapseWhitespace } from './html.js';

/**
 * The value of an element that carries text or markup (titles, summaries,
 * content), read as both HTML and plain text. The element's type tells how:
 * Atom's type/mode attributes, inline XHTML children, or feedparser's guess
 * for RSS (which says nothing and is HTML more often than not).
 */
export interface TextValue {
  /** HTML, relative URLs resolved against the element's base. */
  html: string;
  /** Plain text, entities decoded, whitespace collapsed. */
  text: string;
}

type Reading = 'text' | 'html' | 'xhtml' | 'guess';

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon >= 0 ? qname.slice(colon + 1) : qname;
}

/**
 * Inline markup in the feed (XHTML content, or HTML written unescaped)
 * serialized back to HTML. In a value typed as HTML the text between the
 * elements is itself escaped HTML, so it goes out unescaped (`rawText`).
 */
export function serializeChildren(nodes: XmlNode[], rawText = false): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return rawText ? node.text : escapeText(node.text);
      const name = localName(node.name);
      const attrs = Object.entries(node.attrs)
        .filter(([attrName]) => attrName !== 'xmlns' && !attrName.startsWith('xmlns:') && attrName !== 'xml:base')
        .map(([attrName, value]) => ` ${attrName}="${escapeAttribute(value)}"`)
        .join('');
      if (VOID_ELEMENTS.has(name.toLowerCase()) && node.children.length === 0) return `<${name}${attrs} />`;
      return `<${name}${attrs}>${serializeChildren(node.children, rawText)}</${name}>`;
    })
    .join('');
}

function readingOf(el: XmlElement): Reading {
  const type = (el.attrs['type'] ?? '').trim().toLowerCase();
  const mode = (el.attrs['mode'] ?? '').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml') return 'xhtml';
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return 'html';
  if (type === 'text' || type === 'text/plain') return 'text';
  if (type === '') return 'guess';
  // Any other text/* is text; other media types (base64 images and such) are not readable as prose.
  return type.startsWith('text/') ? 'text' : 'guess';
}

function decodeBase64(value: string): string {
  return Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8');
}

function hasElementChildren(el: XmlElement): boolean {
  return childElements(el).length > 0;
}

/** The XHTML `div` that Atom requires around xhtml content is a wrapper, not content. */
function xhtmlNodes(el: XmlElement): XmlNode[] {
  const elements = childElements(el);
  const onlyDiv = elements.length === 1 && elements[0]?.local === 'div';
  const loose = el.children.filter((c) => c.type === 'text' && c.text.trim() !== '');
  if (onlyDiv && loose.length === 0 && elements[0]) return elements[0].children;
  return el.children;
}

function fromHtml(html: string, base: string | null): TextValue {
  const resolved = resolveHtmlUrls(html, base);
  return { html: resolved, text: htmlToText(resolved) };
}

function fromText(text: string): TextValue {
  return { html: textToHtml(text), text: collapseWhitespace(text) };
}

/**
 * Reads a text construct. `defaultReading` is how an untyped value is read:
 * 'guess' (RSS: markup or entities mean HTML) or 'text' (Atom 1.0 titles).
 */
export function readTextValue(el: XmlElement, defaultReading: 'guess' | 'text' | 'html' = 'guess'): TextValue {
  let reading = readingOf(el);
  const base = el.base;
  if ((el.attrs['mode'] ?? '').trim().toLowerCase() === 'base64') {
    const decoded = decodeBase64(textContent(el));
    // Without a type, base64 content is text/plain (feedparser does the same).
    return reading === 'html' || reading === 'xhtml' ? fromHtml(decoded, base) : fromText(decoded);
  }
  if (reading === 'xhtml' || hasElementChildren(el)) {
    const nodes = reading === 'xhtml' ? xhtmlNodes(el) : el.children;
    return fromHtml(serializeChildren(nodes, reading === 'html'), base);
  }
  const raw = textContent(el);
  if (reading === 'guess') reading = defaultReading === 'guess' ? (looksLikeHtml(raw) ? 'html' : 'text') : defaultReading;
  return reading === 'html' ? fromHtml(raw, base) : fromText(raw);
}

/** Text of an element that holds a plain value (a link, a date, a name), ignoring nested markup. */
export function plainText(el: XmlElement | undefined): string | null {
  if (!el) return null;
  const text = collapseWhitespace(textContent(el));
  return text === '' ? null : text;
}

/** The element's own text, without the text of nested elements (a category with an <image> inside). */
export function ownText(el: XmlElement): string {
  const own = el.children.filter((c) => c.type === 'text').map((c) => (c.type === 'text' ? c.text : ''));
  return collapseWhitespace(own.join('')) || collapseWhitespace(textContent(el));
}
