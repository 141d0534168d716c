/**
 * The check a WordPress destination passes before it is stored: the site
 * answers, it has the REST API (found through its `rel="https://api.w.org/"`
 * Link header, else at the usual places), and the application password
 * authenticates. Each failure is a 400 with its own code.
 */
import { FeedloomError, FetchError, errorMessage } from '../../core/errors.js';
import type { HttpClient } from '../../fetch/http-client.js';
import { WordPressClient, WordPressError, type WordPressLimits } from './client.js';

export interface CheckedSite {
  /** The site's home URL (what the user gave, normalized). */
  url: string;
  apiUrl: string;
  /** The authenticated user: the posts' author unless the destination names another. */
  userId: number;
}

const API_REL = 'https://api.w.org/';

/** The `<…>; rel="https://api.w.org/"` target of a Link header, resolved against the page. */
export function apiLinkOf(linkHeader: string | undefined, pageUrl: string): string | null {
  if (!linkHeader) return null;
  for (const part of linkHeader.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(match[2] ?? '')?.[1]?.split(/\s+/) ?? [];
    if (rels.includes(API_REL)) {
      try {
        return new URL(match[1] ?? '', pageUrl).href;
      } catch {
        return null;
      }
    }
  }
  return null;
}

function siteError(code: string, message: string): FeedloomError {
  return new FeedloomError(code, message);
}

function isApiIndex(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const namespaces = (json as { namespaces?: unknown }).namespaces;
  return Array.isArray(namespaces) && namespaces.includes('wp/v2');
}

async function findApiRoot(http: HttpClient, homeUrl: string, limits: WordPressLimits): Promise<string> {
  let linked: string | null = null;
  try {
    const home = await http.get(homeUrl, { timeoutMs: limits.timeoutMs, maxBytes: limits.maxResponseBytes, accept: 'text/html' });
    linked = apiLinkOf(home.headers.link, home.url);
  } catch (err) {
    // A 404 home page may still sit on a WordPress; no answer at all means there is nothing to check.
    if (!(err instanceof FetchError && err.httpStatus !== null && err.httpStatus < 500)) {
      throw siteError('WORDPRESS_UNREACHABLE', `the site ${homeUrl} could not be reached: ${errorMessage(err)}`);
    }
  }
  const base = homeUrl.endsWith('/') ? homeUrl : `${homeUrl}/`;
  const candidates = [...new Set([linked, `${base}wp-json/`, `${base}?rest_route=/`].filter((c): c is string => c !== null))];
  for (const candidate of candidates) {
    try {
      const response = await http.request(candidate, {
        method: 'GET',
        headers: { accept: 'application/json' },
        timeoutMs: limits.timeoutMs,
        maxBytes: limits.maxResponseBytes,
      });
      if (response.status === 200 && isApiIndex(JSON.parse(new TextDecoder().decode(response.body)))) return candidate;
    } catch {
      // Not JSON, refused, too large: try the next place.
    }
  }
  throw siteError('NOT_WORDPRESS', `no WordPress REST API (wp/v2) found at ${homeUrl}: tried ${candidates.join(', ')}`);
}

export async function checkWordPressSite(
  http: HttpClient,
  input: { url: string; username: string; password: string },
  limits: WordPressLimits,
): Promise<CheckedSite> {
  const apiUrl = await findApiRoot(http, input.url, limits);
  const client = new WordPressClient(http, { apiUrl, username: input.username, password: input.password }, limits);
  try {
    const me = await client.get<{ id?: unknown }>('wp/v2/users/me', { context: 'edit' });
    if (typeof me.id !== 'number') throw siteError('NOT_WORDPRESS', `${apiUrl} answered users/me without a user id`);
    return { url: input.url, apiUrl, userId: me.id };
  } catch (err) {
    if (err instanceof WordPressError && (err.status === 401 || err.status === 403)) {
      throw siteError('WORDPRESS_AUTH', `WordPress refused the username and application password: ${err.message}`);
    }
    if (err instanceof WordPressError) throw siteError('WORDPRESS_UNREACHABLE', `checking the credentials failed: ${err.message}`);
    throw err;
  }
}
