/** Writes the feeds as an OPML 2.0 subscription list that parseOpml (and other readers) read back. */
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

export function renderOpml(feeds: OpmlFeed[], title: string): string {
  const outlines = feeds.map(
    (feed) =>
      `    <outline${attributes([
        ['type', 'rss'],
        // OPML 2.0 requires text; an untitled feed shows its URL.
        ['text', feed.title ?? feed.url],
        ['title', feed.title],
        ['xmlUrl', feed.url],
        ['htmlUrl', feed.siteUrl],
        ['category', category(feed.tags)],
      ])}/>\n`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<opml version="2.0">\n' +
    `  <head>\n    <title>${escapeXml(title)}</title>\n  </head>\n` +
    `  <body>\n${outlines.join('')}  </body>\n` +
    '</opml>\n'
  );
}
