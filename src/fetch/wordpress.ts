/**
 * Recognising a WordPress site and addressing its REST API. WordPress
 * announces the API root on every front-end response (pages and feeds alike)
 * with `Link: <…/wp-json/>; rel="https://api.w.org/"` and on HTML pages with
 * `<link rel="https://api.w.org/" href="…">`. Sites without pretty permalinks
 * announce `…/?rest_route=/`, where the route goes into the query instead.
 */
import { Parser } from 'htmlparser2';
import { resolveUrl, webUrl } from '../core/urls.js';
import { parseLinkHeader } from './response-headers.js';

export const WORDPRESS_API_REL = 'https://api.w.org/';

/** The API root from a `Link` header (several links, comma separated, any parameter order). */
export function wordpressApiFromLinkHeader(header: string | undefined, base: string): string | null {
  if (!header) return null;
  return webUrl(parseLinkHeader(header, base).find((link) => link.rels.includes(WORDPRESS_API_REL))?.url);
}

/** The API root from `<link rel="https://api.w.org/">` in a page's head. */
export function wordpressApiFromHtml(html: string, pageUrl: string): string | null {
  let found: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (found !== null || name !== 'link' || !attribs.href) return;
        const rels = (attribs.rel ?? '').toLowerCase().split(/\s+/u);
        if (rels.includes(WORDPRESS_API_REL)) found = webUrl(resolveUrl(attribs.href, pageUrl));
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

/**
 * The URL of `route` (such as `wp/v2/posts`) under the API root, with query
 * parameters. `https://site/wp-json/` + route → `https://site/wp-json/wp/v2/posts`;
 * `https://site/?rest_route=/` + route → `https://site/?rest_route=/wp/v2/posts`.
 */
export function wordpressRestUrl(apiRoot: string, route: string, params: Record<string, string | number> = {}): string {
  const url = new URL(apiRoot);
  const path = route.replace(/^\/+/u, '');
  const restRoute = url.searchParams.get('rest_route');
  if (restRoute !== null) {
    url.searchParams.set('rest_route', `${restRoute.replace(/\/+$/u, '')}/${path}`);
  } else {
    url.pathname = `${url.pathname.replace(/\/+$/u, '')}/${path}`;
  }
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
  return url.href;
}

/** Where the API root of a site would be by default, for a feed that names its site but whose server sent no Link. */
export function defaultWordpressApi(siteUrl: string): string | null {
  const root = webUrl(resolveUrl(siteUrl, siteUrl));
  if (root === null) return null;
  const url = new URL(root);
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/u, '')}/wp-json/`;
  return url.href;
}
