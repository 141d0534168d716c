import sanitize from 'sanitize-html';

/**
 * The last step before an article's HTML leaves us: an explicit allowlist,
 * close to feedparser's "acceptable elements" minus form controls, objects,
 * SVG/MathML and inline styles. Anything not listed is unwrapped (its text
 * stays), except elements whose content is code or a nested document.
 */
export interface SanitizeOptions {
  /** Hosts whose https iframes (video players) are kept; every other iframe goes. */
  embedHosts: string[];
}

const ALLOWED_TAGS = [
  'a', 'abbr', 'acronym', 'address', 'area', 'article', 'aside', 'audio', 'b', 'bdi', 'bdo', 'big',
  'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details',
  'dfn', 'dir', 'div', 'dl', 'dt', 'em', 'fieldset', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'i', 'img', 'ins', 'kbd', 'legend', 'li', 'main',
  'map', 'mark', 'menu', 'nav', 'ol', 'p', 'picture', 'pre', 'q', 'rp', 'rt', 'ruby', 's',
  'samp', 'section', 'small', 'source', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'track', 'tt', 'u', 'ul', 'var', 'video', 'wbr',
];

/*
 * <noscript> is deliberately absent (unwrapped: the fallback images of lazy-loading markup stay). Browsers with
 * scripting read its content as raw text up to the first "</noscript>", while we parse it as markup and the
 * serializer writes its text unescaped: `<noscript><p title="</noscript><img src=x onerror=…>">` or an escaped
 * `&lt;script&gt;` inside one comes out as live markup.
 */

const CELL_ATTRIBUTES = ['colspan', 'rowspan', 'headers', 'scope', 'abbr', 'width', 'height', 'nowrap'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': ['title', 'lang', 'dir', 'align', 'valign'],
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

/** Schemes a link or media URL may use; relative URLs are always allowed. data: is deliberately absent. */
const ALLOWED_SCHEMES = ['http', 'https', 'mailto', 'ftp', 'tel', 'news', 'nntp', 'magnet', 'urn'];

/**
 * Elements whose content is never article text: code and styles. Objects and
 * iframes lose only their tags: their fallback content is text, and an unclosed
 * one would otherwise swallow the rest of the article.
 */
const DROPPED_WITH_CONTENT = ['script', 'style', 'xmp', 'noembed', 'noframes', 'template'];

function iframeAllowed(src: string | undefined, embedHosts: readonly string[]): boolean {
  if (!src) return false;
  try {
    const url = new URL(src);
    return url.protocol === 'https:' && embedHosts.includes(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}

export function sanitizeHtml(html: string, options: SanitizeOptions): string {
  const embedHosts = options.embedHosts.map((h) => h.toLowerCase());
  const allowIframes = embedHosts.length > 0;
  return sanitize(html, {
    allowedTags: allowIframes ? [...ALLOWED_TAGS, 'iframe'] : ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ALLOWED_SCHEMES,
    allowedSchemesByTag: { iframe: ['https'], img: ['http', 'https'], source: ['http', 'https'], video: ['http', 'https'], audio: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
    allowProtocolRelative: true,
    allowedIframeHostnames: embedHosts,
    allowIframeRelativeUrls: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    enforceHtmlBoundary: false,
    parseStyleAttributes: false,
    exclusiveFilter: (frame) => {
      // An image whose only URL was unsafe is an empty box; an iframe off the embed list is a hole.
      if (frame.tag === 'img') return !frame.attribs['src'];
      if (frame.tag === 'iframe') return !iframeAllowed(frame.attribs['src'], embedHosts);
      return false;
    },
  });
}
