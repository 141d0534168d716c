/**
 * Writes the feeds as an OPML 2.0 subscription list that parseOpml (and other
 * readers) read back. A feed's first tag is its folder (`tech/ai` nests as
 * Tech > AI, as an import made it); its other tags travel in `category`, so
 * a round trip gives each feed the same tags in the same order.
 */
export interface OpmlFeed {
  url: string;
  title: string | null;
  siteUrl: string | null;
  tags: string[];
}

// XML 1.0 forbids these characters even as references, so they are dropped rather than escaped.
const FORBIDDEN_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Kept as references so attribute-value normalization does not turn them into spaces.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function escapeXml(value: string): string {
  return value.replace(FORBIDDEN_XML_CHARS, '').replace(/[&<>"\t\n\r]/g, (char) => ESCAPES[char] ?? char);
}

function attributes(pairs: [string, string | null][]): string {
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== null)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

/** Commas separate category entries and cannot be escaped inside one, so a comma in a tag becomes a space. */
function category(tags: string[]): string | null {
  const entries = tags.map((tag) => tag.replace(/,/g, ' ').trim()).filter((tag) => tag !== '');
  return entries.length === 0 ? null : entries.join(',');
}

interface Folder {
  feeds: OpmlFeed[];
  folders: Map<string, Folder>;
}

function folderOf(root: Folder, path: string[]): Folder {
  let folder = root;
  for (const name of path) {
    let child = folder.folders.get(name);
    if (child === undefined) {
      child = { feeds: [], folders: new Map() };
      folder.folders.set(name, child);
    }
    folder = child;
  }
  return folder;
}

function feedOutline(feed: OpmlFeed, indent: string): string {
  return `${indent}<outline${attributes([
    ['type', 'rss'],
    // OPML 2.0 requires text; an untitled feed shows its URL.
    ['text', feed.title ?? feed.url],
    ['title', feed.title],
    ['xmlUrl', feed.url],
    ['htmlUrl', feed.siteUrl],
    ['category', category(feed.tags.slice(1))],
  ])}/>\n`;
}

function renderFolder(folder: Folder, depth: number): string {
  const indent = '  '.repeat(depth + 2);
  let out = folder.feeds.map((feed) => feedOutline(feed, indent)).join('');
  for (const [name, child] of folder.folders) {
    out += `${indent}<outline${attributes([['text', name], ['title', name]])}>\n${renderFolder(child, depth + 1)}${indent}</outline>\n`;
  }
  return out;
}

export function renderOpml(feeds: OpmlFeed[], title: string): string {
  const root: Folder = { feeds: [], folders: new Map() };
  for (const feed of feeds) {
    const path = (feed.tags[0] ?? '').split('/').map((part) => part.trim()).filter((part) => part !== '');
    folderOf(root, path).feeds.push(feed);
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<opml version="2.0">\n' +
    `  <head>\n    <title>${escapeXml(title)}</title>\n  </head>\n` +
    `  <body>\n${renderFolder(root, 0)}  </body>\n` +
    '</opml>\n'
  );
}
