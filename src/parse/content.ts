import { escapeAttribute, escapeText } from 'entities';
import { attr, childElements, textContent, type XmlElement, type XmlNode } from './xml-tree.js';
import { looksLikeHtml, resolveHtmlUrls, resolvedHtmlAndText, textToHtml, collapseWhitespace } from './html.js';

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

/** Media types that are text without being text/*: XML and JSON and their +xml/+json variants. */
const XML_TYPE = /^(application\/([\w.-]+\+)?xml|text\/xml)$/;
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;

function readingOf(el: XmlElement): Reading | 'binary' | 'json' {
  const type = (attr(el, 'type') ?? '').trim().toLowerCase().replace(/\s*;.*$/, '');
  const mode = (attr(el, 'mode') ?? '').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml') return 'xhtml';
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return 'html';
  // MRSS writes type="plain" on media:description and media:text.
  if (type === 'text' || type === 'text/plain' || type === 'plain') return 'text';
  if (type === '' || XML_TYPE.test(type)) return 'guess';
  if (type.startsWith('text/')) return 'text';
  if (JSON_TYPE.test(type)) return 'json';
  // A video, an image, an archive: not prose, whatever bytes it holds.
  return /^[a-z]+\/[\w.+-]+$/.test(type) ? 'binary' : 'guess';
}

function decodeBase64(value: string): string {
  return Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8');
}

/**
 * RFC 4287 4.1.3.3: content whose type is neither XML nor text/* is base64.
 * JSON is readable text once decoded; a value that is not base64 (or does not
 * decode to UTF-8) was written as-is by a generator that ignored the rule.
 */
function jsonContent(raw: string): string {
  const compact = raw.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return raw;
  const bytes = Buffer.from(compact, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return raw;
  }
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

/** What an element holds, before it is resolved or reduced to text: markup, or plain text. */
type RawValue = { reading: 'html'; html: string } | { reading: 'text'; text: string };

function readRaw(el: XmlElement, defaultReading: 'guess' | 'text' | 'html'): RawValue {
  const found = readingOf(el);
  // Atom content with src= is out of line: the element is empty and there is no text to show here.
  if (found === 'binary' || (attr(el, 'src') !== undefined && textContent(el).trim() === '')) return { reading: 'text', text: '' };
  if ((attr(el, 'mode') ?? '').trim().toLowerCase() === 'base64') {
    const decoded = decodeBase64(textContent(el));
    // Without a type, base64 content is text/plain (feedparser does the same).
    return found === 'html' || found === 'xhtml' ? { reading: 'html', html: decoded } : { reading: 'text', text: decoded };
  }
  if (found === 'json') return { reading: 'text', text: jsonContent(textContent(el)) };
  let reading: Reading = found;
  if (reading === 'xhtml' || hasElementChildren(el)) {
    const nodes = reading === 'xhtml' ? xhtmlNodes(el) : el.children;
    return { reading: 'html', html: serializeChildren(nodes, reading === 'html') };
  }
  const raw = textContent(el);
  if (reading === 'guess') reading = defaultReading === 'guess' ? (looksLikeHtml(raw) ? 'html' : 'text') : defaultReading;
  return reading === 'html' ? { reading: 'html', html: raw } : { reading: 'text', text: raw };
}

/**
 * Reads a text construct. `defaultReading` is how an untyped value is read:
 * 'guess' (RSS: markup or entities mean HTML) or 'text' (Atom 1.0 titles).
 */
export function readTextValue(el: XmlElement, defaultReading: 'guess' | 'text' | 'html' = 'guess'): TextValue {
  const value = readRaw(el, defaultReading);
  return value.reading === 'html' ? resolvedHtmlAndText(value.html, el.base) : { html: textToHtml(value.text), text: collapseWhitespace(value.text) };
}

/**
 * An item's body as HTML. Its relative URLs are left for normalize, which
 * resolves them against the item's base (FeedItem.baseUrl) right after its
 * own parse of the body; only a body whose xml:base differs from the item's
 * is resolved here. Parsing and serializing every body of every fetch only to
 * resolve it was over half of the feed parse, for items mostly unchanged.
 */
export function readItemBody(el: XmlElement, defaultReading: 'guess' | 'text' | 'html', itemBase: string | null): string {
  const value = readRaw(el, defaultReading);
  if (value.reading === 'text') return textToHtml(value.text);
  return el.base === itemBase ? value.html : resolveHtmlUrls(value.html, el.base);
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
