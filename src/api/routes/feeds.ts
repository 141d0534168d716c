/**
 * /v1/feeds: registering feeds and changing their schedule. Registration
 * (pipeline/registration.ts) checks the URL, resolves a home page to its
 * feed and stores the feed due now; the route queues its first fetch.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Feed as StoredFeed } from '../../core/model.js';
import { feedRulesFrom } from '../../normalize/feed-rules/index.js';
import { assertValidFilters } from '../../pipeline/filters.js';
import { newBackfill } from '../../pipeline/backfill.js';
import { checkWordPressFilter, registerFeed } from '../../pipeline/registration.js';
import { jobIds } from '../../queue/queues.js';
import { secretBoxFor } from '../../core/secret-box.js';
import { checkPollInterval, rescheduleAfterChange } from '../../schedule/policy.js';
import type { FetchLogEntry as StoredFetchLogEntry, FeedPatch, ResolvedWordPressFilter, WordPressFilter } from '../../store/types.js';
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

function feedExists(feed: StoredFeed): ApiError {
  return new ApiError(409, 'FEED_EXISTS', `${feed.url} is already registered`, { feedId: feed.id });
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
      const { fetch: fetchInput, wordpress, backfill, rules, ...fields } = request.body;
      const registered = await registerFeed(
        {
          ...fields,
          rules: rules ? feedRulesFrom(rules, null) : null,
          request: fetchInput === undefined ? null : storedFetchOptions(fetchInput, null, secretBoxFor(config)),
          wordpress: wordpress ? wordpressFilter(wordpress) : null,
        },
        { store, http, config, log: log.child({ reqId: request.id }) },
        { discover: true },
      );
      const { feed } = registered;
      if (!registered.created) throw feedExists(feed);
      await queueFetch(request.log, () => queues.enqueueFetch([feed.id]), feed.id);
      if (backfill !== undefined) {
        await startBackfill(app.deps, request.log, feed.id, backfill);
        const withBackfill = await store.feeds.get(feed.id);
        if (withBackfill) return reply.code(201).send({ ...withBackfill, title: withBackfill.title ?? registered.title });
      }
      // The feed's own title is stored by its first fetch; until then show what registration just read.
      return reply.code(201).send({ ...feed, title: registered.title });
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
        summary: 'Change a feed: title, schedule, filters, tags, cleaning rules, or pause/resume it',
        params: IdParams,
        body: UpdateFeedBody,
        response: { 200: Feed, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { id } = request.params;
      checkPollInterval(request.body.pollIntervalSeconds, config);
      assertValidFilters([...(request.body.include ?? []), ...(request.body.exclude ?? [])]);
      const state = await store.feeds.getFetchState(id);
      if (!state) throw notFoundFeed(id);
      const current = state.feed;
      const { fetch: fetchInput, wordpress, rules, ...fields } = request.body;
      const patch: FeedPatch = { ...fields };
      if (rules !== undefined) patch.rules = rules === null ? null : feedRulesFrom(rules, current.rules);
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
      const next = rescheduleAfterChange(current, patch, now, config);
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
