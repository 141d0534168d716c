import { Parser } from 'htmlparser2';
import { decodeEntities } from './entities.js';
import { resolveUrl } from '../core/urls.js';

/**
 * A lenient XML reader: htmlparser2 in XML mode tolerates unclosed tags, stray
 * `&` and invalid characters, and it never expands DTD entities, so neither
 * "billion laughs" nor external entities (XXE) can happen. On top of it we
 * resolve namespaces (to canonical prefixes), xml:base and xml:lang, and decode
 * HTML entities that the feed used without declaring them.
 */

export interface XmlText {
  type: 'text';
  text: string;
}

export interface XmlElement {
  type: 'element';
  /** The qualified name as written. */
  name: string;
  /** Lower-cased local name. */
  local: string;
  /** Canonical prefix ('' for no namespace and the RSS namespaces) + ':' + local, or just local. */
  key: string;
  /** Namespace URI, '' when none. */
  ns: string;
  /** Attribute values with entities decoded, names as written. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The effective base URL (xml:base chain over the document URL). */
  base: string | null;
  lang: string | null;
}

export type XmlNode = XmlText | XmlElement;

/** Namespaces whose elements are RSS core elements, read as if unprefixed. */
const CORE_NAMESPACES = new Set([
  '',
  'http://purl.org/rss/1.0/',
  'http://my.netscape.com/rdf/simple/0.9/',
  'http://backend.userland.com/rss2',
  'http://backend.userland.com/rss',
  'http://purl.org/net/rss1.1#',
]);

const KNOWN_NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
  'http://www.w3.org/xml/1998/namespace': 'xml',
  'http://wellformedweb.org/commentapi/': 'wfw',
  'https://jsonfeed.org/version/1': 'json',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
};

/** Prefixes feeds commonly use without declaring them. */
const CONVENTIONAL_PREFIXES = new Set(['atom', 'rdf', 'dc', 'dcterms', 'content', 'media', 'itunes', 'xhtml', 'sy', 'xml', 'wfw', 'feedburner']);

export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** Limits on what a document's internal DTD subset may define, so expansion stays linear. */
const MAX_DECLARED_ENTITIES = 64;
const MAX_EXPANSION_CHARS = 1_000_000;

function canonicalPrefix(ns: string, prefix: string): string {
  // Checked before the core namespaces, which include '' (no namespace): an undeclared `content:encoded` is
  // content:encoded, not a bare `encoded` that nothing reads.
  if (ns === '' && CONVENTIONAL_PREFIXES.has(prefix.toLowerCase())) return prefix.toLowerCase();
  if (CORE_NAMESPACES.has(ns)) return '';
  const known = KNOWN_NAMESPACES[ns.toLowerCase()];
  if (known) return known;
  return `{${ns || prefix}}`;
}

/**
 * Internal entities of the DOCTYPE whose value is plain text (no markup, no
 * references to other entities): those expand safely. Anything recursive,
 * external (SYSTEM/PUBLIC) or parameter-level is left unexpanded.
 */
function declaredEntities(text: string): Map<string, string> {
  const entities = new Map<string, string>();
  const doctype = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(text.slice(0, 65536));
  if (!doctype?.[1]) return entities;
  const declaration = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
  for (const match of doctype[1].matchAll(declaration)) {
    const [, name, double, single] = match;
    const value = double ?? single ?? '';
    if (!name || /[<%]|&(?!#)/.test(value) || entities.size >= MAX_DECLARED_ENTITIES) continue;
    entities.set(name, decodeEntities(value));
  }
  return entities;
}

function makeTextDecoder(entities: Map<string, string>): (raw: string) => string {
  if (entities.size === 0) return decodeEntities;
  let budget = MAX_EXPANSION_CHARS;
  return (raw) => {
    const expanded = raw.replace(/&([A-Za-z_][\w.-]*);/g, (whole, name: string) => {
      const value = entities.get(name);
      if (value === undefined || value.length > budget) return whole;
      budget -= value.length;
      // Escape `&` so the entity decoder below cannot see references the expansion created.
      return value.replace(/&/g, '&amp;');
    });
    return decodeEntities(expanded);
  };
}

/** Elements that hold only text in RSS and Atom. */
const LEAF_ELEMENTS = new Set(['title', 'link', 'guid', 'pubdate', 'author', 'category', 'comments', 'id', 'updated', 'published']);
/** Elements that start a sibling of a leaf, never its content. */
const ITEM_LEVEL_ELEMENTS = new Set([...LEAF_ELEMENTS, 'item', 'entry', 'description', 'enclosure', 'source', 'summary', 'content']);

/**
 * `<title>First<link>…` — a leaf left open by a broken feed is closed when an
 * item-level element starts inside it, so the link is not swallowed into the title.
 */
function closesUnfinishedLeaf(open: XmlElement | undefined, name: string): boolean {
  if (!open || open.key !== open.local || !LEAF_ELEMENTS.has(open.local)) return false;
  return !name.includes(':') && ITEM_LEVEL_ELEMENTS.has(name.toLowerCase());
}

interface Frame {
  element: XmlElement;
  namespaces: Map<string, string>;
  /** Written `<x/>`: the parser closes it at once, which is not a missing end tag. */
  selfClosing: boolean;
}

/** End tags written in the text, outside CDATA sections and comments. */
function countEndTags(text: string): number {
  return text.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, '').match(/<\/[^\s<>]+\s*>/g)?.length ?? 0;
}

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR, and the
 * non-characters U+FFFE/U+FFFF). Feeds leak them from pasted text; readers
 * drop them rather than reject the feed, and they must not reach titles.
 */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Elements nested deeper than this are read as if their tags were absent (their
 * text stays). Everything downstream walks the tree recursively, and a hostile
 * feed can nest without limit: 20,000 levels overflowed the call stack.
 */
const MAX_DEPTH = 256;

/** The five entities XML predefines; any other name must be declared in the DTD. */
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const MAX_ISSUES = 5;

/**
 * What made a document not well-formed, as far as the lenient reader saw:
 * bare `&`, undeclared entities, end tags that match nothing, elements never
 * closed (a truncated body). Each kind is noted once; reading goes on.
 */
export class XmlIssues {
  readonly found: string[] = [];

  note(issue: string): void {
    if (this.found.length < MAX_ISSUES && !this.found.includes(issue)) this.found.push(issue);
  }

  /** Checks raw text (outside CDATA) for references XML would refuse. */
  checkReferences(raw: string, declared: Map<string, string>): void {
    if (!raw.includes('&')) return;
    for (const m of raw.matchAll(/&(#x[0-9a-fA-F]+;|#\d+;|([A-Za-z_][\w.-]*);)?/g)) {
      if (m[1] === undefined) this.note('a bare "&"');
      else if (m[2] !== undefined && !XML_ENTITIES.has(m[2]) && !declared.has(m[2])) this.note(`the undeclared entity "&${m[2]};"`);
    }
  }

  summary(): string | null {
    return this.found.length === 0 ? null : this.found.join(', ');
  }
}

/**
 * Parses a document into a tree. Never throws; a document with no element
 * yields null. `issues`, when given, collects what was not well-formed.
 */
export function parseXml(input: string, documentUrl: string | null, issues?: XmlIssues): XmlElement | null {
  const text = input.replace(INVALID_XML_CHARS, '');
  const declared = declaredEntities(text);
  const decode = makeTextDecoder(declared);
  const rootNamespaces = new Map<string, string>([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  const stack: Frame[] = [];
  let root: XmlElement | null = null;
  let inCdata = false;
  /** Open elements beyond MAX_DEPTH. The parser reports opens and closes properly nested, so their closes come first. */
  let skipped = 0;
  /** End tags the parser matched to an open element; the others in the text closed nothing. */
  let explicitCloses = 0;
  let ending = false;

  const parser = new Parser(
    {
      onopentag(name, rawAttrs) {
        const open = stack[stack.length - 1]?.element;
        if (closesUnfinishedLeaf(open, name)) {
          issues?.note(`<${open?.name}> not closed before <${name}>`);
          stack.pop();
        }
        if (stack.length >= MAX_DEPTH) {
          skipped += 1;
          return;
        }
        const parent = stack[stack.length - 1];
        const namespaces = new Map(parent?.namespaces ?? rootNamespaces);
        const attrs: Record<string, string> = {};
        for (const [attrName, value] of Object.entries(rawAttrs)) {
          issues?.checkReferences(value, declared);
          const decoded = decode(value);
          attrs[attrName] = decoded;
          if (attrName === 'xmlns') namespaces.set('', decoded.trim());
          else if (attrName.startsWith('xmlns:')) namespaces.set(attrName.slice(6), decoded.trim());
        }
        const colon = name.indexOf(':');
        const prefix = colon >= 0 ? name.slice(0, colon) : '';
        const local = (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
        const ns = namespaces.get(prefix) ?? '';
        const canonical = canonicalPrefix(ns, prefix);
        const parentBase = parent ? parent.element.base : documentUrl;
        const xmlBase = attrs['xml:base'];
        const element: XmlElement = {
          type: 'element',
          name,
          local,
          key: canonical ? `${canonical}:${local}` : local,
          ns,
          attrs,
          children: [],
          base: xmlBase !== undefined ? resolveUrl(xmlBase.trim(), parentBase) ?? parentBase : parentBase,
          lang: attrs['xml:lang'] ?? parent?.element.lang ?? null,
        };
        if (parent) parent.element.children.push(element);
        else if (!root) root = element;
        else return; // a second root element is ignored, its children too (stack stays empty)
        stack.push({ element, namespaces, selfClosing: text[parser.endIndex - 1] === '/' });
      },
      onclosetag(name, implied) {
        if (!implied) explicitCloses += 1;
        if (skipped > 0) {
          skipped -= 1;
          return;
        }
        // The parser also reports implied closes; a leaf we already closed is no longer on our stack.
        for (let i = stack.length - 1; i >= 0; i--) {
          const frame = stack[i];
          if (frame?.element.name === name) {
            if (implied && !frame.selfClosing && !ending) issues?.note(`<${name}> not closed`);
            stack.length = i;
            return;
          }
        }
      },
      ontext(data) {
        const parent = stack[stack.length - 1];
        if (!parent) return;
        if (!inCdata) issues?.checkReferences(data, declared);
        const value = inCdata ? data : decode(data);
        const last = parent.element.children[parent.element.children.length - 1];
        if (last?.type === 'text') last.text += value;
        else parent.element.children.push({ type: 'text', text: value });
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  // Elements still open when the text ends: a missing end tag, or a body cut short.
  const unclosed = stack[stack.length - 1]?.element.name;
  ending = true;
  parser.end();
  if (unclosed !== undefined) issues?.note(`<${unclosed}> never closed (missing end tag or truncated document)`);
  if (issues && countEndTags(text) > explicitCloses) issues.note('an end tag that closes nothing');
  return root;
}

export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

/** Direct children with one of the given keys, in document order. */
export function children(el: XmlElement, ...keys: string[]): XmlElement[] {
  return childElements(el).filter((c) => keys.includes(c.key));
}

/** The first direct child whose key is first in `keys` order of preference. */
export function child(el: XmlElement, ...keys: string[]): XmlElement | undefined {
  const all = childElements(el);
  for (const key of keys) {
    const found = all.find((c) => c.key === key);
    if (found) return found;
  }
  return undefined;
}

/** All text below an element, markup ignored. */
export function textContent(node: XmlNode): string {
  if (node.type === 'text') return node.text;
  return node.children.map(textContent).join('');
}

/**
 * An attribute by its name as the format defines it (`isPermaLink`, `fileSize`),
 * whatever prefix it was written with. XML names are case-sensitive, but feed
 * generators misspell the case (`ispermalink`, `filesize`) and every reader
 * accepts them, so the exact spelling is preferred and any case is accepted;
 * an unprefixed attribute wins over a prefixed one.
 */
export function attr(el: XmlElement, name: string): string | undefined {
  const exact = el.attrs[name];
  if (exact !== undefined) return exact;
  const wanted = name.toLowerCase();
  let prefixed: string | undefined;
  for (const [attrName, value] of Object.entries(el.attrs)) {
    const lower = attrName.toLowerCase();
    if (lower === wanted) return value;
    if (prefixed === undefined && lower.endsWith(`:${wanted}`) && !lower.startsWith('xmlns')) prefixed = value;
  }
  return prefixed;
}
