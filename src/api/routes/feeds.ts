/**
 * /v1/feeds: registering feeds and changing their schedule. Registration
 * checks the URL (syntax, SSRF guard), resolves a home page to its feed,
 * stores the feed due now and queues its first fetch.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../../../config/index.js';
import { assertFetchableUrl } from '../../fetch/ssrf.js';
import { assertValidFilters } from '../../pipeline/filters.js';
import { normalizeFeedUrl, resolveFeedUrl, type PipelineDeps } from '../../pipeline/feeds.js';
import { newBackfill } from '../../pipeline/backfill.js';
import { resolveWordPressFilter, wordpressApiOfSite } from '../../pipeline/wordpress.js';
import { jobIds } from '../../queue/queues.js';
import type {
  FeedSourceChoice,
  FetchLogEntry as StoredFetchLogEntry,
  Feed as StoredFeed,
  FeedPatch,
  ResolvedWordPressFilter,
  WordPressFilter,
} from '../../store/types.js';
import { secretBoxFor } from '../../core/secret-box.js';
import { requestOptionsOf } from '../../fetch/stored-request-options.js';
import { ApiError, notFound } from '../errors.js';
import { storedFetchOptions } from '../fetch-options.js';
import { handOff } from '../queue-handoff.js';
import { DEFAULT_LIMIT, ERROR_RESPONSES, IdParams, PageOf } from '../schemas/common.js';
import {
  BackfillBody,
  BulkFetchAccepted,
  BulkFetchBody,
  CreateFeedBody,
  DeleteFeedQuery,
  Feed,
  FeedExists,
  FetchHistoryQuery,
  FetchLogEntry,
  ListFeedsQuery,
  UpdateFeedBody,
} from '../schemas/feed.js';

const TAGS = ['feeds'];

function assertPollInterval(seconds: number | null | undefined, config: Config): void {
  if (seconds === undefined || seconds === null) return;
  if (seconds < config.minPollSeconds || seconds > config.maxPollSeconds) {
    throw new ApiError(
      400,
      'INVALID_POLL_INTERVAL',
      `pollIntervalSeconds must be from ${config.minPollSeconds} to ${config.maxPollSeconds}, got ${seconds}`,
    );
  }
}

function feedExists(feed: StoredFeed): ApiError {
  return new ApiError(409, 'FEED_EXISTS', `${feed.url} is already registered`, { feedId: feed.id });
}

/**
 * When the next fetch should happen after a PATCH: at once for a feed coming
 * back from a pause, else one (new) interval after the last fetch. Null
 * leaves the schedule alone.
 */
function rescheduleAt(feed: StoredFeed, patch: FeedPatch, now: Date, config: Config): Date | null {
  if (patch.status === 'paused') return null;
  if (patch.status === 'active' && feed.status !== 'active') return now;
  if (patch.pollIntervalSeconds === undefined && patch.schedule === undefined) return null;
  // Until the next fetch decides again, the plan is the (new) interval the user asked for.
  const requested = patch.pollIntervalSeconds === undefined ? feed.pollIntervalSeconds : patch.pollIntervalSeconds;
  const seconds = requested ?? config.defaultPollSeconds;
  const from = feed.lastFetchedAt === null ? now.getTime() : Date.parse(feed.lastFetchedAt);
  return new Date(Math.max(now.getTime(), from + seconds * 1000));
}

function toFetchLogEntry(entry: StoredFetchLogEntry) {
  return {
    id: entry.id,
    startedAt: entry.at,
    durationMs: entry.durationMs,
    url: entry.url,
    httpStatus: entry.httpStatus,
    notModified: entry.outcome === 'not_modified',
    bytes: entry.bytes,
    items: entry.items,
    newArticles: entry.newItems,
    updatedArticles: entry.updatedItems,
    skipped: entry.skipped,
    error: entry.error,
    warning: entry.warning,
  };
}

interface FilterBody {
  categories?: string[];
  tags?: string[];
  postType?: string | null;
}

function wordpressFilter(body: FilterBody): WordPressFilter {
  return { categories: body.categories ?? [], tags: body.tags ?? [], postType: body.postType ?? null };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * The site's REST API root at registration: announced by the feed (or page)
 * itself, else by the site's home page when it is on the same origin (another
 * host named in a feed's <link> is not fetched just to look).
 */
async function findWordPressApi(
  resolved: { url: string; siteUrl: string | null; wordpressApi: string | null; reachable: boolean },
  source: FeedSourceChoice,
  deps: PipelineDeps,
): Promise<string | null> {
  if (resolved.wordpressApi || source === 'feed' || !resolved.reachable) return resolved.wordpressApi;
  const site = resolved.siteUrl && sameOrigin(resolved.siteUrl, resolved.url) ? resolved.siteUrl : null;
  if (!site) return null;
  return wordpressApiOfSite(site, deps);
}

/** The filter as site ids, checked now so an unknown category is a 400 rather than a failing feed later. */
async function checkWordPressFilter(
  apiRoot: string | null,
  filter: WordPressFilter | null,
  deps: PipelineDeps,
): Promise<ResolvedWordPressFilter | null> {
  if (!apiRoot || !filter) return null;
  return resolveWordPressFilter(apiRoot, filter, deps);
}

/** Saves a fresh backfill (replacing one that ran before) and queues its first step; returns the job id. */
async function startBackfill(deps: Pick<FastifyInstance['deps'], 'store' | 'queues'>, log: FastifyBaseLogger, feedId: string, limit: number): Promise<string> {
  await deps.store.sources.saveBackfill(feedId, newBackfill(limit, new Date()));
  const step = { feedId, step: 1 };
  // Redis down: the reconciler queues the saved step when it is back.
  await handOff(log.child({ feedId }), 'queueing the backfill', () => deps.queues.enqueueBackfill([step]));
  return jobIds.backfill(feedId, 1);
}

async function queueFetch(log: FastifyBaseLogger, enqueue: () => Promise<unknown>, feedId: string): Promise<void> {
  await handOff(log.child({ feedId }), 'queueing the fetch', enqueue);
}

const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store, queues, http, log } = app.deps;
  const notFoundFeed = (id: string) => notFound('FEED_NOT_FOUND', 'feed', id);

  app.post(
    '/v1/feeds',
    {
      schema: {
        tags: TAGS,
        summary: 'Register a feed (a home page is fine: its feed is discovered)',
        body: CreateFeedBody,
        response: { 201: Feed, 409: FeedExists, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const body = request.body;
      await assertFetchableUrl(body.url, config.allowHosts);
      assertPollInterval(body.pollIntervalSeconds, config);
      assertValidFilters([...(body.include ?? []), ...(body.exclude ?? [])]);
      // The URL as given may already be registered: answer without fetching anything.
      const known = await store.feeds.findByUrl(normalizeFeedUrl(body.url));
      if (known) throw feedExists(known);

      const stored = body.fetch === undefined ? null : storedFetchOptions(body.fetch, null, secretBoxFor(config));
      const deps = { http, config, log: log.child({ reqId: request.id }) };
      const resolved = await resolveFeedUrl(body.url, deps, requestOptionsOf(stored, config));
      const source = body.source ?? 'auto';
      const filter = body.wordpress ? wordpressFilter(body.wordpress) : null;
      const wordpressApi = await findWordPressApi(resolved, source, deps);
      if (source === 'wordpress' && wordpressApi === null && resolved.reachable) {
        throw new ApiError(400, 'NOT_WORDPRESS', `${body.url} is not a WordPress site with its REST API announced`);
      }
      const resolvedFilter = source === 'feed' ? null : await checkWordPressFilter(wordpressApi, filter, deps);
      const { feed, created } = await store.feeds.create({
        url: normalizeFeedUrl(resolved.url),
        title: body.title ?? null,
        pollIntervalSeconds: body.pollIntervalSeconds ?? null,
        fullText: body.fullText ?? 'auto',
        include: body.include ?? [],
        exclude: body.exclude ?? [],
        tags: body.tags ?? [],
        nextFetchAt: new Date(),
        schedule: body.schedule ?? 'adaptive',
        request: stored,
        source,
        wordpress: filter,
        wordpressApi,
        rules: body.rules ?? null,
      });
      if (!created) throw feedExists(feed);
      if (resolvedFilter) await store.sources.saveResolvedFilter(feed.id, resolvedFilter);
      await queueFetch(request.log, () => queues.enqueueFetch([feed.id]), feed.id);
      if (body.backfill !== undefined) {
        await startBackfill(app.deps, request.log, feed.id, body.backfill);
        const withBackfill = await store.feeds.get(feed.id);
        if (withBackfill) return reply.code(201).send({ ...withBackfill, title: withBackfill.title ?? resolved.title });
      }
      // The feed's own title is stored by its first fetch; until then show what registration just read.
      return reply.code(201).send({ ...feed, title: feed.title ?? resolved.title });
    },
  );

  app.get(
    '/v1/feeds',
    {
      schema: {
        tags: TAGS,
        summary: 'List feeds, oldest first',
        querystring: ListFeedsQuery,
        response: { 200: PageOf(Feed), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { limit, cursor, tag, status } = request.query;
      return store.feeds.list({ limit: limit ?? DEFAULT_LIMIT, cursor: cursor ?? null, tag: tag ?? null, status: status ?? null });
    },
  );

  app.get(
    '/v1/feeds/:id',
    { schema: { tags: TAGS, summary: 'One feed', params: IdParams, response: { 200: Feed, ...ERROR_RESPONSES } } },
    async (request) => {
      const feed = await store.feeds.get(request.params.id);
      if (!feed) throw notFoundFeed(request.params.id);
      return feed;
    },
  );

  app.patch(
    '/v1/feeds/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change a feed: title, schedule, filters, tags, or pause/resume it',
        params: IdParams,
        body: UpdateFeedBody,
        response: { 200: Feed, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { id } = request.params;
      assertPollInterval(request.body.pollIntervalSeconds, config);
      assertValidFilters([...(request.body.include ?? []), ...(request.body.exclude ?? [])]);
      const state = await store.feeds.getFetchState(id);
      if (!state) throw notFoundFeed(id);
      const current = state.feed;
      const { fetch: fetchInput, wordpress, ...fields } = request.body;
      const patch: FeedPatch = { ...fields };
      if (fetchInput !== undefined) patch.request = storedFetchOptions(fetchInput, state.request, secretBoxFor(config));
      let resolvedFilter: ResolvedWordPressFilter | null = null;
      if (wordpress !== undefined) {
        patch.wordpress = wordpress === null ? null : wordpressFilter(wordpress);
        const sourceState = await store.sources.get(id);
        resolvedFilter = await checkWordPressFilter(sourceState?.wordpressApi ?? null, patch.wordpress, {
          http,
          config,
          log: log.child({ reqId: request.id, feedId: id }),
        });
      }
      const now = new Date();
      const next = rescheduleAt(current, patch, now, config);
      if (next) patch.nextFetchAt = next;
      const updated = await store.feeds.update(id, patch);
      if (!updated) throw notFoundFeed(id);
      if (resolvedFilter) await store.sources.saveResolvedFilter(id, resolvedFilter);
      if (next !== null && next.getTime() === now.getTime()) {
        await queueFetch(request.log, () => queues.enqueueFetch([id]), id);
      }
      return updated;
    },
  );

  app.get(
    '/v1/feeds/:id/fetches',
    {
      schema: {
        tags: TAGS,
        summary: `A feed's fetch history, newest first (kept FETCH_LOG_DAYS days)`,
        params: IdParams,
        querystring: FetchHistoryQuery,
        response: { 200: PageOf(FetchLogEntry), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await store.feeds.get(id))) throw notFoundFeed(id);
      const page = await store.feeds.fetchHistory(id, { limit: request.query.limit ?? DEFAULT_LIMIT, cursor: request.query.cursor ?? null });
      return { items: page.items.map(toFetchLogEntry), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    '/v1/feeds/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a feed; its articles stay unless purge=true',
        params: IdParams,
        querystring: DeleteFeedQuery,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const deleted = await store.feeds.delete(id, { purge: request.query.purge ?? false });
      if (!deleted) throw notFoundFeed(id);
      // A waiting fetch would find no feed and do nothing; removing it just keeps the queue honest.
      await handOff(request.log, 'removing the queued fetch', () => queues.fetch.remove(jobIds.fetch(id)));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/feeds/fetch',
    {
      schema: {
        tags: TAGS,
        summary: 'Fetch many feeds now: {"ids": [...]} or {"tag": "..."}',
        body: BulkFetchBody,
        response: { 202: BulkFetchAccepted, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { ids, tag } = request.body;
      if ((ids === undefined) === (tag === undefined)) {
        throw new ApiError(400, 'INVALID_BULK_FETCH', 'give exactly one of "ids" (a list of feed ids) or "tag"');
      }
      // Due now in the store first: if Redis is down, the reconciler queues them when it is back.
      const found = await store.feeds.makeDue(ids !== undefined ? { ids } : { tag: tag ?? '' }, new Date());
      const known = new Set(found);
      const notFound = ids === undefined ? [] : ids.filter((id) => !known.has(id));
      const jobIdList = found.map((id) => jobIds.fetch(id));
      await handOff(request.log, 'queueing the fetches', async () => {
        // A waiting or delayed job with the same id would swallow the new one; running ones keep running.
        await Promise.all(jobIdList.map((jobId) => queues.fetch.remove(jobId)));
        await queues.enqueueFetch(found, { manual: true });
      });
      request.log.info({ count: found.length, tag: tag ?? null }, 'bulk fetch queued');
      return reply.code(202).send({ count: found.length, jobIds: jobIdList, notFound });
    },
  );

  app.post(
    '/v1/feeds/:id/backfill',
    {
      schema: {
        tags: TAGS,
        summary: "Read up to `limit` older posts: a WordPress site's REST API pages, RFC 5005 archives or ?paged=N",
        params: IdParams,
        body: BackfillBody,
        response: { 202: Type.Object({ jobId: Type.String() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const feed = await store.feeds.get(id);
      if (!feed) throw notFoundFeed(id);
      const jobId = await startBackfill(app.deps, request.log, id, request.body.limit);
      return reply.code(202).send({ jobId });
    },
  );

  app.post(
    '/v1/feeds/:id/fetch',
    {
      schema: {
        tags: TAGS,
        summary: 'Fetch a feed now',
        params: IdParams,
        response: { 202: Type.Object({ jobId: Type.String() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      // Due now in the store too: if Redis is down, the reconciler queues the same job id when it is back.
      const feed = await store.feeds.update(id, { nextFetchAt: new Date() });
      if (!feed) throw notFoundFeed(id);
      const jobId = jobIds.fetch(id);
      await queueFetch(
        request.log,
        async () => {
          // A waiting or delayed job with the same id would swallow the new one; a running one keeps running.
          await queues.fetch.remove(jobId);
          await queues.enqueueFetch([id], { manual: true });
        },
        id,
      );
      return reply.code(202).send({ jobId });
    },
  );
};

export default feedRoutes;
