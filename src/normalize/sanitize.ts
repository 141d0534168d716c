/**
 * The last step before an article's HTML leaves us: an explicit allowlist,
 * close to feedparser's "acceptable elements" minus form controls, objects,
 * SVG/MathML and inline styles. Anything not listed is unwrapped (its text
 * stays), except elements whose content is code or a nested document.
 *
 * It works on the parsed tree the rules cleaned, in one walk, and the tree is
 * serialized once afterwards: nothing is parsed twice, so there is no second
 * reading of the markup that could differ from the one that was checked.
 */
import { parseHtml, serializeHtml, type ChildNode, type Element, type ParentNode } from './dom.js';
import { cleanUrl } from '../core/urls.js';

export interface SanitizeOptions {
  /** Hosts whose https iframes (video players) are kept; every other iframe goes. */
  embedHosts: readonly string[];
  /**
   * When set (null: no base), every URL that survives is also made absolute and loses its tracking parameters
   * (urls.ts cleanUrl), in the same walk.
   */
  baseUrl?: string | null;
}

const ALLOWED_TAGS: ReadonlySet<string> = new Set([
  'a', 'abbr', 'acronym', 'address', 'area', 'article', 'aside', 'audio', 'b', 'bdi', 'bdo', 'big',
  'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details',
  'dfn', 'dir', 'div', 'dl', 'dt', 'em', 'fieldset', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'i', 'img', 'ins', 'kbd', 'legend', 'li', 'main',
  'map', 'mark', 'menu', 'nav', 'ol', 'p', 'picture', 'pre', 'q', 'rp', 'rt', 'ruby', 's',
  'samp', 'section', 'small', 'source', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'track', 'tt', 'u', 'ul', 'var', 'video', 'wbr',
]);

/*
 * <noscript> is deliberately absent (unwrapped: the fallback images of lazy-loading markup stay). Browsers with
 * scripting read its content as raw text up to the first "</noscript>", while we parse it as markup and the
 * serializer writes its text unescaped: `<noscript><p title="</noscript><img src=x onerror=…>">` or an escaped
 * `&lt;script&gt;` inside one comes out as live markup.
 */

const GLOBAL_ATTRIBUTES = ['title', 'lang', 'dir', 'align', 'valign'];
const CELL_ATTRIBUTES = ['colspan', 'rowspan', 'headers', 'scope', 'abbr', 'width', 'height', 'nowrap'];

const TAG_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'name', 'hreflang', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'border', 'hspace', 'vspace'],
  area: ['href', 'alt', 'shape', 'coords'],
  map: ['name'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  table: ['summary', 'border', 'cellpadding', 'cellspacing', 'width'],
  td: CELL_ATTRIBUTES,
  th: CELL_ATTRIBUTES,
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  ol: ['start', 'type'],
  ul: ['type'],
  li: ['value', 'type'],
  font: ['color', 'face', 'size'],
  video: ['src', 'poster', 'controls', 'width', 'height', 'loop', 'preload'],
  audio: ['src', 'controls', 'loop', 'preload'],
  source: ['src', 'type', 'media'],
  track: ['src', 'kind', 'label', 'srclang'],
  iframe: ['src', 'width', 'height', 'allowfullscreen', 'title'],
};

/** Per element: the attributes it may keep (its own and the global ones). */
const ALLOWED_ATTRIBUTES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  [...ALLOWED_TAGS, 'iframe'].map((tag) => [tag, new Set([...GLOBAL_ATTRIBUTES, ...(TAG_ATTRIBUTES[tag] ?? [])])]),
);

/**
 * Attributes that mean something, or nothing harmful, with an empty value (booleans, presentational
 * leftovers, an empty alt that marks a decorative image). Any other allowed attribute with an empty value
 * (href="", src="", title="") is dropped.
 */
const EMPTY_ALLOWED: ReadonlySet<string> = new Set([
  'alt', 'align', 'valign', 'border', 'hspace', 'vspace', 'cellpadding', 'cellspacing', 'summary', 'nowrap', 'face',
  'controls', 'loop', 'allowfullscreen',
]);

/** Attributes holding a URL: their scheme is checked, and they are rewritten by cleanUrl. */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'src', 'cite', 'poster']);

/** Schemes a link or media URL may use; relative URLs are always allowed. data: is deliberately absent. */
const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto', 'ftp', 'tel', 'news', 'nntp', 'magnet', 'urn']);
const WEB_SCHEMES: ReadonlySet<string> = new Set(['http', 'https']);
/** Elements whose URLs load something into the page: only the web, and for frames only https. */
const SCHEMES_BY_TAG: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['iframe', new Set(['https'])],
  ['img', WEB_SCHEMES],
  ['source', WEB_SCHEMES],
  ['video', WEB_SCHEMES],
  ['audio', WEB_SCHEMES],
]);

/**
 * Elements whose content is never article text: code and styles. Objects and
 * iframes lose only their tags: their fallback content is text, and an unclosed
 * one would otherwise swallow the rest of the article.
 */
const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set(['script', 'style', 'xmp', 'noembed', 'noframes', 'template']);

const SCHEME = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/;

/**
 * Is `url` safe on `tag`? Read as a browser reads it: entities are already decoded by the parser, and
 * browsers skip control characters and spaces anywhere in a scheme ("jav\tascript:"), so they go before
 * the scheme is read; an HTML comment inside a URL is dropped by some old XML readers, so it goes too.
 */
function safeUrl(tag: string, url: string): boolean {
  let bare = url.replace(/[\x00-\x20]+/g, '');
  for (let open = bare.indexOf('<!--'); open >= 0; open = bare.indexOf('<!--')) {
    const close = bare.indexOf('-->', open + 4);
    if (close < 0) break;
    bare = bare.slice(0, open) + bare.slice(close + 3);
  }
  const scheme = SCHEME.exec(bare)?.[1];
  // No scheme: relative, or protocol-relative (//host/path), which takes the page's scheme.
  if (scheme === undefined) return true;
  return (SCHEMES_BY_TAG.get(tag) ?? ALLOWED_SCHEMES).has(scheme.toLowerCase());
}

/** An iframe stays only when it shows an https page of an embed host. */
function iframeAllowed(src: string | undefined, embedHosts: readonly string[]): boolean {
  if (!src) return false;
  try {
    const url = new URL(src);
    return url.protocol === 'https:' && embedHosts.includes(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}

interface Policy {
  embedHosts: readonly string[];
  rewriteUrls: boolean;
  baseUrl: string | null;
}

/** Keeps the allowed attributes of `el` with safe values; URLs cleaned when the policy says so. */
function filterAttributes(el: Element, allowed: ReadonlySet<string>, policy: Policy): void {
  const kept: Record<string, string> = {};
  for (const name in el.attribs) {
    if (!allowed.has(name)) continue;
    let value = el.attribs[name] as string;
    if (value === '' && !EMPTY_ALLOWED.has(name)) continue;
    if (URL_ATTRIBUTES.has(name)) {
      if (!safeUrl(el.name, value)) continue;
      if (policy.rewriteUrls) {
        value = cleanUrl(value, policy.baseUrl);
        // Resolving cannot add a scheme of its own, but what is published is what gets checked.
        if (value === '' || !safeUrl(el.name, value)) continue;
      }
    }
    kept[name] = value;
  }
  el.attribs = kept;
}

/**
 * What becomes of one element: dropped with its content, unwrapped (its children take its place), or kept
 * with its attributes filtered.
 */
type Verdict = 'drop' | 'unwrap' | 'keep';

function verdictOf(el: Element, policy: Policy): Verdict {
  const name = el.name;
  if (DROPPED_WITH_CONTENT.has(name)) return 'drop';
  if (name === 'iframe') {
    // An iframe off the embed list loses only its tag, like an object: what it holds is fallback text, or,
    // after an unclosed or self-closed <iframe/>, the rest of the article.
    if (!iframeAllowed(el.attribs['src'], policy.embedHosts)) return 'unwrap';
  } else if (!ALLOWED_TAGS.has(name)) {
    return 'unwrap';
  }
  filterAttributes(el, ALLOWED_ATTRIBUTES.get(name) as ReadonlySet<string>, policy);
  // An image whose only URL was unsafe is an empty box.
  if (name === 'img' && el.attribs['src'] === undefined) return 'drop';
  // The embed's URL is checked again as it will be published (resolved, tracking parameters removed).
  if (name === 'iframe' && !iframeAllowed(el.attribs['src'], policy.embedHosts)) return 'unwrap';
  return 'keep';
}

/** Allowed or unwrapped elements whose content the parser keeps as raw text (htmlparser2 reads it so). */
const RAW_TEXT_MARKUP: ReadonlySet<string> = new Set(['iframe', 'plaintext']);

/** Replaces the raw text content of `el` by its parse as markup. */
function reparseRawText(el: Element): void {
  let raw = '';
  for (const child of el.children) if (child.type === 'text') raw += child.data;
  const fragment = parseHtml(raw);
  for (const child of fragment.children) child.parent = el;
  el.children = fragment.children;
}

/**
 * Rebuilds `parent`'s children: comments, doctypes and CDATA go, elements are judged, and text nodes
 * that end up side by side are merged (as a parser would read the serialized result).
 */
function sanitizeChildren(parent: ParentNode, policy: Policy): void {
  const out: ChildNode[] = [];
  const place = (node: ChildNode): void => {
    const last = out[out.length - 1];
    if (node.type === 'text' && last?.type === 'text') {
      last.data += node.data;
      return;
    }
    out.push(node);
  };
  for (const child of parent.children) {
    if (child.type === 'text') {
      place(child);
      continue;
    }
    if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
    const verdict = verdictOf(child, policy);
    if (verdict === 'drop') continue;
    if (RAW_TEXT_MARKUP.has(child.name)) {
      // The parser reads their content as raw text, and the serializer would write it unescaped. A kept
      // iframe's content is never shown, so it goes; an unwrapped one's (or <plaintext>'s) is the markup
      // that follows an unclosed tag, the rest of the article: read as markup and sanitized like any other.
      if (verdict === 'keep') child.children = [];
      else reparseRawText(child);
    }
    sanitizeChildren(child, policy);
    if (verdict === 'keep') place(child);
    else for (const grandchild of child.children) place(grandchild);
  }
  for (let i = 0; i < out.length; i++) {
    const node = out[i] as ChildNode;
    node.parent = parent;
    node.prev = out[i - 1] ?? null;
    node.next = out[i + 1] ?? null;
  }
  parent.children = out;
}

/**
 * Sanitizes a parsed body in place, in one walk: after it only allowed elements, attributes and URL
 * schemes remain, with no comments, and (when `baseUrl` is given) every URL is absolute and clean.
 */
export function sanitizeTree(root: ParentNode, options: SanitizeOptions): void {
  sanitizeChildren(root, {
    embedHosts: options.embedHosts.map((h) => h.toLowerCase()),
    rewriteUrls: options.baseUrl !== undefined,
    baseUrl: options.baseUrl ?? null,
  });
}

/** Sanitizes an HTML string: parsed, sanitized as a tree, serialized. */
export function sanitizeHtml(html: string, options: SanitizeOptions): string {
  const doc = parseHtml(html);
  sanitizeTree(doc, options);
  return serializeHtml(doc);
}
