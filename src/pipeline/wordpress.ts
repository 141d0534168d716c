/**
 * Reading a WordPress site through its REST API instead of its RSS feed: the
 * posts listing with embedded authors, terms and featured media, narrowed by
 * the site's categories/tags and post type, and the fallback to the feed when
 * the API is switched off, refuses us, or answers something that is not JSON.
 */
import { FeedloomError, FetchError, ParseError, errorMessage } from '../core/errors.js';
import type { ConditionalHeaders, FetchedDocument, FeedItem, ParsedFeed } from '../core/model.js';
import type { RequestOptions } from '../fetch/request-options.js';
import { decodeFeedBytes } from '../parse/decode.js';
import { readWordPressPosts } from '../parse/wordpress-posts.js';
import {
  defaultWordpressApi,
  wordpressApiFromHtml,
  wordpressApiFromLinkHeader,
  wordpressRestUrl,
} from '../fetch/wordpress.js';
import type { FeedSourceState, ResolvedWordPressFilter, SourceInUse, Store, WordPressFilter } from '../store/types.js';
import { loadFeed, type LoadedFeed, type PipelineDeps } from './feeds.js';

/** Posts read per poll: the newest ones; history is the backfill's job. */
export const POLL_PAGE_SIZE = 20;
/** WordPress' own ceiling for per_page. */
export const MAX_PAGE_SIZE = 100;
/** A term lookup answers a handful of terms; anything bigger is not what we asked for. */
const LOOKUP_MAX_BYTES = 1024 * 1024;
const JSON_ACCEPT = 'application/json';
const SITE_LOOK_MS = 5_000;

/** The API root a WordPress response announces (Link header on any page or feed, else the HTML <link>). */
export function wordpressApiOf(document: FetchedDocument, html: string | null): string | null {
  return wordpressApiFromLinkHeader(document.headers['link'], document.url) ?? (html ? wordpressApiFromHtml(html, document.url) : null);
}

/**
 * The site's API root from its home page, for a feed whose own response did
 * not say (a feed served by a cache or a proxy that drops the Link header).
 */
export async function wordpressApiOfSite(siteUrl: string, deps: PipelineDeps): Promise<string | null> {
  try {
    // A short look: registration waits on it.
    const page = await deps.http.get(siteUrl, { accept: 'text/html', timeoutMs: Math.min(deps.config.fetchTimeoutMs, SITE_LOOK_MS) });
    const text = decodeFeedBytes(page.body, page.contentType);
    return wordpressApiOf(page, text);
  } catch (err) {
    deps.log.debug({ url: siteUrl, err: errorMessage(err) }, 'site home page unavailable for WordPress detection');
    return null;
  }
}

async function getJson(url: string, deps: PipelineDeps, maxBytes?: number): Promise<{ document: FetchedDocument; json: unknown }> {
  const document = await deps.http.get(url, { accept: JSON_ACCEPT, ...(maxBytes ? { maxBytes } : {}) });
  const type = document.contentType ?? '';
  const text = new TextDecoder('utf-8').decode(document.body).replace(/^\uFEFF/u, '');
  // A REST API switched off by a plugin or a firewall often answers 200 with an HTML page.
  if (!/json/iu.test(type) && !/^\s*[[{]/u.test(text)) {
    throw new ParseError('NOT_WORDPRESS', `${document.url} answered ${type || 'no content type'}, not the WordPress REST API's JSON`);
  }
  try {
    return { document, json: JSON.parse(text) as unknown };
  } catch (err) {
    throw new ParseError('NOT_WORDPRESS', `${document.url} is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
}

export interface PostsPage {
  items: FeedItem[];
  /** X-WP-TotalPages (null when the site did not say). */
  totalPages: number | null;
  document: FetchedDocument;
}

function headerNumber(document: FetchedDocument, name: string): number | null {
  const value = Number.parseInt(document.headers[name] ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** The home page the API root belongs to (`…/wp-json/` → `…/`), for links that come relative. */
function siteOf(apiRoot: string): string {
  const url = new URL(apiRoot);
  url.search = '';
  url.pathname = url.pathname.replace(/wp-json\/?$/u, '');
  return url.href;
}

export interface PageRequest {
  page: number;
  perPage: number;
  /** Newest first by default; a backfill reads oldest first. */
  order?: 'asc' | 'desc';
  /** By publication date unless asked otherwise; a poll asks by `modified` so an edit to an old post is seen too. */
  orderBy?: 'date' | 'modified';
  /** Posts to skip before the page (WordPress then ignores `page`). */
  offset?: number;
}

/** One page of posts with everything embedded. */
export async function readPostsPage(
  apiRoot: string,
  resolved: ResolvedWordPressFilter | null,
  page: PageRequest,
  deps: PipelineDeps,
): Promise<PostsPage> {
  const params: Record<string, string | number> = { _embed: 1, per_page: page.perPage, page: page.page, orderby: page.orderBy ?? 'date', order: page.order ?? 'desc' };
  if (page.offset !== undefined) params['offset'] = page.offset;
  if (resolved?.categoryIds.length) params['categories'] = resolved.categoryIds.join(',');
  if (resolved?.tagIds.length) params['tags'] = resolved.tagIds.join(',');
  const url = wordpressRestUrl(apiRoot, `wp/v2/${resolved?.restBase ?? 'posts'}`, params);
  const { document, json } = await getJson(url, deps);
  return {
    items: readWordPressPosts(json, siteOf(apiRoot), deps.config.maxItemsPerFeed),
    totalPages: headerNumber(document, 'x-wp-totalpages'),
    document,
  };
}

interface Term {
  id: number;
  name: string;
  slug: string;
}

function termsOf(json: unknown): Term[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((t: unknown) => {
    if (typeof t !== 'object' || t === null) return [];
    const { id, name, slug } = t as Record<string, unknown>;
    return typeof id === 'number' && typeof name === 'string' && typeof slug === 'string' ? [{ id, name, slug }] : [];
  });
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}

/** A category or tag given by slug or by name (WordPress' search matches names and slugs in part: we want it whole). */
async function termId(apiRoot: string, taxonomy: 'categories' | 'tags', wanted: string, deps: PipelineDeps): Promise<number> {
  const bySlug = termsOf((await getJson(wordpressRestUrl(apiRoot, `wp/v2/${taxonomy}`, { slug: wanted.toLowerCase() }), deps, LOOKUP_MAX_BYTES)).json);
  const slugHit = bySlug.find((t) => t.slug === wanted.toLowerCase());
  if (slugHit) return slugHit.id;
  const found = termsOf(
    (await getJson(wordpressRestUrl(apiRoot, `wp/v2/${taxonomy}`, { search: wanted, per_page: MAX_PAGE_SIZE }), deps, LOOKUP_MAX_BYTES)).json,
  );
  // Names come HTML-escaped ("Arts &amp; Culture").
  const hit = found.find((t) => sameName(t.name.replace(/&amp;/gu, '&'), wanted) || sameName(t.slug, wanted));
  if (!hit) {
    const kind = taxonomy === 'categories' ? 'category' : 'tag';
    throw new FeedloomError('WORDPRESS_TERM_NOT_FOUND', `the site has no ${kind} named or slugged ${JSON.stringify(wanted)}`, {
      details: { taxonomy, term: wanted },
    });
  }
  return hit.id;
}

/** The REST route of a post type (`post` → `posts`, a custom type → its rest_base), when the site exposes it. */
async function restBaseOf(apiRoot: string, postType: string, deps: PipelineDeps): Promise<string> {
  if (postType === 'post' || postType === 'posts') return 'posts';
  const { json } = await getJson(wordpressRestUrl(apiRoot, 'wp/v2/types'), deps, LOOKUP_MAX_BYTES);
  const types = typeof json === 'object' && json !== null && !Array.isArray(json) ? Object.entries(json as Record<string, unknown>) : [];
  for (const [name, value] of types) {
    if (typeof value !== 'object' || value === null) continue;
    const { slug, rest_base: restBase } = value as Record<string, unknown>;
    if ((name === postType || slug === postType || restBase === postType) && typeof restBase === 'string' && restBase !== '') {
      return restBase;
    }
  }
  throw new FeedloomError('WORDPRESS_POST_TYPE_NOT_FOUND', `the site exposes no post type ${JSON.stringify(postType)} in its REST API`, {
    details: { postType },
  });
}

/** The filter as ids of this site: categories and tags by slug or name, the post type by its REST route. */
export async function resolveWordPressFilter(apiRoot: string, filter: WordPressFilter, deps: PipelineDeps): Promise<ResolvedWordPressFilter> {
  const categoryIds: number[] = [];
  const tagIds: number[] = [];
  // One lookup at a time: the site is the same host, and the HttpClient's politeness is per request.
  for (const name of filter.categories) categoryIds.push(await termId(apiRoot, 'categories', name, deps));
  for (const name of filter.tags) tagIds.push(await termId(apiRoot, 'tags', name, deps));
  const restBase = await restBaseOf(apiRoot, filter.postType ?? 'post', deps);
  return { apiRoot, restBase, categoryIds, tagIds };
}

/**
 * Failures that mean "this site does not serve us its REST API" (switched off,
 * login required, no such route, not JSON): `auto` reads the feed instead.
 * Timeouts, refused connections and rate limits say nothing about the API and
 * are the fetch's failure as for any feed.
 */
export function isApiUnavailable(err: unknown): boolean {
  if (err instanceof ParseError) return true;
  if (err instanceof FetchError) return err.httpStatus !== null && err.httpStatus !== 429 && err.httpStatus !== 503;
  return false;
}

export interface SourceRead {
  loaded: LoadedFeed;
  sourceInUse: SourceInUse;
  /** The API root to remember (found now, or kept). */
  wordpressApi: string | null;
}

type SourceStore = Pick<Store['sources'], 'saveResolvedFilter'>;

/** The resolved filter for this API root, looked up (and saved) when missing or made for another root. */
async function currentFilter(
  feedId: string,
  apiRoot: string,
  state: FeedSourceState,
  deps: PipelineDeps & { sources: SourceStore },
): Promise<ResolvedWordPressFilter | null> {
  if (!state.filter) return null;
  if (state.resolved && state.resolved.apiRoot === apiRoot) return state.resolved;
  const resolved = await resolveWordPressFilter(apiRoot, state.filter, deps);
  await deps.sources.saveResolvedFilter(feedId, resolved);
  return resolved;
}

function asParsedFeed(items: FeedItem[]): ParsedFeed {
  return { kind: 'wordpress', title: null, siteUrl: null, language: null, ttlSeconds: null, hubUrl: null, items };
}

/** The newest posts through the REST API, shaped as a fetched feed (never a redirect of the feed's own URL). */
export async function loadWordPressPosts(
  feedId: string,
  apiRoot: string,
  state: FeedSourceState,
  deps: PipelineDeps & { sources: SourceStore },
  page: PageRequest = { page: 1, perPage: POLL_PAGE_SIZE, orderBy: 'modified' },
): Promise<LoadedFeed & { totalPages: number | null }> {
  const resolved = await currentFilter(feedId, apiRoot, state, deps);
  const read = await readPostsPage(apiRoot, resolved, page, deps);
  const document: FetchedDocument = { ...read.document, permanentRedirect: false, etag: null, lastModified: null };
  return { document, feed: asParsedFeed(read.items), feedUrl: read.document.url, totalPages: read.totalPages };
}

/**
 * One poll of a feed from the source it asked for: the REST API of its
 * WordPress site (`wordpress`, or `auto` when the site has one), else the feed.
 */
export async function loadFeedSource(
  feedId: string,
  feedUrl: string,
  state: FeedSourceState,
  deps: PipelineDeps & { sources: SourceStore },
  options: { conditional?: ConditionalHeaders; request?: RequestOptions | null; siteUrl?: string | null } = {},
): Promise<SourceRead> {
  let apiRoot = state.wordpressApi;
  if (state.source === 'wordpress' && apiRoot === null) {
    // Asked for explicitly: the site's home page may still say where the API is, else the default path is tried.
    const site = options.siteUrl ?? feedUrl;
    apiRoot = (await wordpressApiOfSite(site, deps)) ?? defaultWordpressApi(site);
  }
  if (state.source !== 'feed' && apiRoot !== null) {
    try {
      const loaded = await loadWordPressPosts(feedId, apiRoot, state, deps);
      return { loaded, sourceInUse: 'wordpress', wordpressApi: apiRoot };
    } catch (err) {
      if (state.source === 'wordpress' || !isApiUnavailable(err)) throw err;
      deps.log.info({ api: apiRoot, err: errorMessage(err) }, 'WordPress REST API unavailable; reading the feed');
    }
  }
  const loaded = await loadFeed(feedUrl, deps, {
    ...(options.conditional ? { conditional: options.conditional } : {}),
    request: options.request ?? null,
  });
  // A feed that announces its site's API is read through it from the next poll on (auto).
  const announced = wordpressApiOf(loaded.document, null);
  return { loaded, sourceInUse: 'feed', wordpressApi: announced ?? state.wordpressApi };
}
