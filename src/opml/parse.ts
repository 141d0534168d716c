/**
 * Reads an OPML subscription list. The document must be well-formed XML
 * without a DOCTYPE (well-formed.ts) or it is refused whole; htmlparser2 then
 * reads the checked document (and never expands entities either).
 */
import { parseDocument } from 'htmlparser2';
import { FeedloomError } from '../core/errors.js';
import { resolveUrl, webUrl } from '../core/urls.js';
import { assertWellFormedXml } from './well-formed.js';

export interface OpmlOutline {
  url: string;
  title: string | null;
  siteUrl: string | null;
  /** The enclosing folders as one path (`tech/ai`), then the `category` attribute's entries. */
  tags: string[];
}

export interface OpmlImport {
  outlines: OpmlOutline[];
  invalid: { url: string; message: string }[];
}

// domhandler's node types, reached through htmlparser2 (a declared dependency) rather than imported directly.
type AnyNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<AnyNode, { attribs: Record<string, string> }>;

export const MAX_OUTLINES = 10_000;
// Outline types that announce a subscription: such an outline without xmlUrl is a broken entry, not a folder.
const FEED_TYPES = new Set(['rss', 'atom', 'rdf', 'json']);

function invalidOpml(message: string): FeedloomError {
  return new FeedloomError('INVALID_OPML', message);
}

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag';
}

function childElements(node: { children: AnyNode[] }, name: string): Element[] {
  return node.children.filter((child): child is Element => isElement(child) && child.name.toLowerCase() === name);
}

/** Writers disagree on attribute case (xmlUrl, xmlurl, XMLURL). */
function attribute(element: Element, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(element.attribs)) {
    if (key.toLowerCase() === wanted) {
      const trimmed = value.trim();
      return trimmed === '' ? null : trimmed;
    }
  }
  return null;
}

/** OPML 2.0: "comma-separated slash-delimited category strings"; each path is kept whole as one tag. */
function categoryTags(element: Element): string[] {
  const category = attribute(element, 'category');
  if (category === null) return [];
  return category.split(',').map((path) => path.trim().replace(/^\/+|\/+$/g, ''));
}

/** The folder a feed sits in, as one tag: renderOpml nests it back into folders. */
function folderPath(folders: string[]): string {
  return folders.map((folder) => folder.trim()).filter((folder) => folder !== '').join('/');
}

function uniqueTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}

function findBody(xml: string): Element {
  assertWellFormedXml(xml);
  const document = parseDocument(xml, { xmlMode: true });
  const root = document.children.find(isElement);
  if (root === undefined || root.name.toLowerCase() !== 'opml') {
    throw invalidOpml(
      root === undefined ? 'not an OPML document: no XML element found' : `not an OPML document: the root element is <${root.name}>, not <opml>`,
    );
  }
  const body = childElements(root, 'body')[0];
  if (body === undefined) throw invalidOpml('not an OPML document: <opml> has no <body>');
  return body;
}

export function parseOpml(xml: string): OpmlImport {
  const body = findBody(xml);
  const byUrl = new Map<string, OpmlOutline>();
  const invalid: OpmlImport['invalid'] = [];
  let seen = 0;

  // An explicit stack rather than recursion: a hostile document may nest outlines thousands deep.
  const pending: { element: Element; folders: string[] }[] = childElements(body, 'outline')
    .reverse()
    .map((element) => ({ element, folders: [] }));
  while (pending.length > 0) {
    const { element, folders } = pending.pop() as { element: Element; folders: string[] };
    seen += 1;
    if (seen > MAX_OUTLINES) throw invalidOpml(`OPML document has more than ${MAX_OUTLINES} outlines; split it into smaller files`);

    const text = attribute(element, 'text');
    const title = attribute(element, 'title');
    const xmlUrl = attribute(element, 'xmlUrl');
    const label = title ?? text;

    if (xmlUrl !== null) {
      const url = webUrl(resolveUrl(xmlUrl, null));
      if (url === null) {
        invalid.push({ url: xmlUrl, message: `outline "${label ?? xmlUrl}": xmlUrl is not an http(s) URL` });
        continue;
      }
      const tags = uniqueTags([folderPath(folders), ...categoryTags(element)]);
      const earlier = byUrl.get(url);
      if (earlier !== undefined) {
        // The same feed filed in two folders is one subscription carrying both folders' tags.
        earlier.tags = uniqueTags([...earlier.tags, ...tags]);
        continue;
      }
      // A text that only repeats the URL (what renderOpml writes for an untitled feed) is no title.
      const feedTitle = title ?? (text !== null && text !== xmlUrl ? text : null);
      byUrl.set(url, { url, title: feedTitle, siteUrl: webUrl(resolveUrl(attribute(element, 'htmlUrl'), null)), tags });
      continue;
    }

    const type = attribute(element, 'type')?.toLowerCase();
    if (type !== undefined && FEED_TYPES.has(type)) {
      invalid.push({ url: '', message: `outline "${label ?? '(untitled)'}" of type "${type}" has no xmlUrl` });
      continue;
    }
    const children = childElements(element, 'outline');
    const childFolders = label === null ? folders : [...folders, label];
    for (let i = children.length - 1; i >= 0; i -= 1) {
      pending.push({ element: children[i] as Element, folders: childFolders });
    }
  }
  return { outlines: [...byUrl.values()], invalid };
}
