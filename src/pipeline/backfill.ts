/**
 * Backfill: reading a feed's history on request, one page per step, the
 * position saved in the store after every step so a restart continues where
 * it stopped. Three ways back in time, tried in this order:
 *   - a WordPress site's REST API: posts oldest first (`order=asc` from an
 *     offset that leaves exactly the `limit` newest ones), 100 per request;
 *   - RFC 5005 archives: the feed's `prev-archive` link (or a paged feed's
 *     `rel="next"`), followed page by page;
 *   - WordPress feeds without the API: `?paged=2`, `?paged=3`, …
 * The items go through the same staging as a poll, so whatever the store
 * already has is not processed twice.
 */
import { FeedloomError, FetchError, errorMessage } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import type { FeedItem } from '../core/model.js';
import { resolveUrl } from '../core/urls.js';
import { decodeFeedBytes } from '../parse/decode.js';
import type { BackfillState, FeedSourceState, StagedItem } from '../store/types.js';
import { parseDocument, type PipelineDeps } from './feeds.js';
import { isApiUnavailable, loadWordPressPosts, MAX_PAGE_SIZE, wordpressApiOf } from './wordpress.js';
import type { Store } from '../store/types.js';

/** A feed's items as the store stages them: keyed by guid, changed when anything in them changed. */
export function stagedItems(items: FeedItem[]): StagedItem[] {
  return items.map((item) => ({
    guid: item.guid,
    guidHash: sha256Hex(item.guid),
    itemHash: sha256Hex(JSON.stringify(item)),
    item,
  }));
}

/** More pages than this is a feed that pages for ever (a calendar, a generated archive): the backfill stops. */
const MAX_STEPS = 1_000;
/** Transient failures of one step tried again before the backfill is marked failed. */
export const MAX_STEP_RETRIES = 5;

export function newBackfill(limit: number, now: Date): BackfillState {
  return { status: 'running', fetched: 0, limit, error: null, strategy: null, nextPage: 1, nextUrl: null, offset: null, retries: 0, startedAt: now.toISOString() };
}

/** `rel` values of <link>/<atom:link> elements of a feed document, before its first entry. */
export function feedLinks(text: string, base: string): Map<string, string> {
  const firstEntry = text.search(/<(?:item|entry)[\s>]/iu);
  const head = firstEntry === -1 ? text : text.slice(0, firstEntry);
  const links = new Map<string, string>();
  for (const tag of head.matchAll(/<(?:atom:)?link\b[^>]*>/giu)) {
    const rel = /\brel\s*=\s*["']([^"']+)["']/iu.exec(tag[0])?.[1]?.toLowerCase();
    const href = /\bhref\s*=\s*["']([^"']+)["']/iu.exec(tag[0])?.[1];
    if (!rel || !href || links.has(rel)) continue;
    // A link we cannot resolve leads nowhere.
    const url = resolveUrl(href.replace(/&amp;/gu, '&'), base);
    if (url !== null) links.set(rel, url);
  }
  return links;
}

/** The archive page before this one: RFC 5005's prev-archive, else a paged feed's next. */
function olderPageOf(text: string, base: string): string | null {
  const links = feedLinks(text, base);
  return links.get('prev-archive') ?? links.get('next') ?? null;
}

function withPaged(feedUrl: string, page: number): string {
  const url = new URL(feedUrl);
  url.searchParams.set('paged', String(page));
  return url.href;
}

export interface StepResult {
  /** Items of this step, oldest first. */
  items: FeedItem[];
  state: BackfillState;
}

export type BackfillDeps = PipelineDeps & { sources: Pick<Store['sources'], 'saveResolvedFilter'> };

function remaining(state: BackfillState): number {
  return Math.max(0, state.limit - state.fetched);
}

function finished(state: BackfillState, items: FeedItem[], more: boolean): BackfillState {
  const fetched = state.fetched + items.length;
  const done = !more || fetched >= state.limit || state.nextPage >= MAX_STEPS;
  return { ...state, fetched, retries: 0, status: done ? 'done' : 'running', nextPage: state.nextPage + 1 };
}

/** REST: the posts oldest first, from the offset that keeps exactly the newest `limit` of them. */
async function wordpressStep(
  feedId: string,
  apiRoot: string,
  source: FeedSourceState,
  state: BackfillState,
  deps: BackfillDeps,
): Promise<StepResult> {
  let offset = state.offset;
  if (offset === null || offset === undefined) {
    const probe = await loadWordPressPosts(feedId, apiRoot, source, deps, { page: 1, perPage: 1 });
    const total = Number.parseInt(probe.document.headers['x-wp-total'] ?? '', 10);
    offset = Number.isFinite(total) ? Math.max(0, total - state.limit) : 0;
  }
  const perPage = Math.min(MAX_PAGE_SIZE, remaining(state));
  const read = await loadWordPressPosts(feedId, apiRoot, source, deps, { page: 1, perPage, order: 'asc', offset });
  const items = read.feed?.items.slice(0, perPage) ?? [];
  const next = finished({ ...state, strategy: 'wordpress' }, items, items.length === perPage);
  return { items, state: { ...next, offset: offset + items.length } };
}

/** One archive page (or ?paged=N page) of the feed; its items come newest first, so they are turned around. */
async function feedPageStep(url: string, state: BackfillState, deps: BackfillDeps, strategy: 'paged' | 'archive'): Promise<StepResult> {
  let document;
  try {
    document = await deps.http.get(url);
  } catch (err) {
    // Past the last page WordPress answers 404: the history is all read.
    if (err instanceof FetchError && (err.httpStatus === 404 || err.httpStatus === 410)) {
      return { items: [], state: { ...state, strategy, status: 'done', retries: 0 } };
    }
    throw err;
  }
  const { text, feed } = parseDocument(document, deps.config);
  const items = [...(feed?.items ?? [])].reverse().slice(-Math.max(1, remaining(state)));
  const older = strategy === 'archive' ? olderPageOf(text, document.url) : withPaged(url, state.nextPage + 1);
  const next = finished({ ...state, strategy }, items, items.length > 0 && older !== null && older !== url);
  return { items, state: { ...next, nextUrl: older } };
}

/**
 * Decides, on the first step, which way back the feed offers: its site's REST
 * API, an archive link in the feed itself, or WordPress' ?paged=N.
 */
async function firstStep(feedId: string, feedUrl: string, source: FeedSourceState, state: BackfillState, deps: BackfillDeps): Promise<StepResult> {
  if (source.source !== 'feed' && source.wordpressApi) {
    try {
      return await wordpressStep(feedId, source.wordpressApi, source, state, deps);
    } catch (err) {
      if (source.source === 'wordpress' || !isApiUnavailable(err)) throw err;
      deps.log.info({ err: errorMessage(err) }, 'WordPress REST API unavailable for the backfill; paging the feed');
    }
  }
  const document = await deps.http.get(feedUrl);
  const text = decodeFeedBytes(document.body, document.contentType);
  const older = olderPageOf(text, document.url);
  if (older) return feedPageStep(older, { ...state, nextPage: 1 }, deps, 'archive');
  const parsed = parseDocument(document, deps.config).feed;
  if (parsed?.kind === 'wordpress' || wordpressApiOf(document, null)) {
    return feedPageStep(withPaged(document.url, 2), { ...state, nextPage: 2 }, deps, 'paged');
  }
  return { items: [], state: { ...state, status: 'done', error: 'the feed declares no archive to read back from' } };
}

/** One step of a running backfill; the caller stages the items and saves the state in one transaction. */
export async function backfillStep(
  feedId: string,
  feedUrl: string,
  source: FeedSourceState,
  state: BackfillState,
  deps: BackfillDeps,
): Promise<StepResult> {
  switch (state.strategy) {
    case null:
      return firstStep(feedId, feedUrl, source, state, deps);
    case 'wordpress':
      if (!source.wordpressApi) throw new FeedloomError('NOT_WORDPRESS', 'the feed no longer has a WordPress REST API to backfill from');
      return wordpressStep(feedId, source.wordpressApi, source, state, deps);
    case 'paged':
    case 'archive':
      if (!state.nextUrl) return { items: [], state: { ...state, status: 'done' } };
      return feedPageStep(state.nextUrl, state, deps, state.strategy);
  }
}
