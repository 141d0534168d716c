/** /v1/articles: the clean articles the store keeps, newest first. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, notFound } from '../errors.js';
import { Article, ArticleProvenance, ListArticlesQuery } from '../schemas/article.js';
import { DEFAULT_LIMIT, ERROR_RESPONSES, IdParams, PageOf } from '../schemas/common.js';

const TAGS = ['articles'];

/** `since` as a date: a bare date (2024-05-01) or a full ISO-8601 time; anything Date.parse guesses at is refused. */
function parseSince(since: string | undefined): Date | null {
  if (since === undefined) return null;
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
  const at = iso.test(since) ? new Date(since) : null;
  if (at === null || Number.isNaN(at.getTime())) {
    throw new ApiError(400, 'VALIDATION_ERROR', `querystring.since must be an ISO-8601 date or time, got ${JSON.stringify(since)}`);
  }
  return at;
}

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.deps;

  app.get(
    '/v1/articles',
    {
      schema: {
        tags: TAGS,
        summary: 'List articles, newest first; q searches title and text; after=<seq> reads in ingestion order',
        querystring: ListArticlesQuery,
        response: { 200: PageOf(Article), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { feedId, since, q, limit, cursor, after } = request.query;
      if (after !== undefined) {
        // The cursor orders by ingestion; a date, a search or a page cursor of the other order cannot join it.
        const other = since !== undefined ? 'since' : q !== undefined ? 'q' : cursor !== undefined ? 'cursor' : null;
        if (other !== null) throw new ApiError(400, 'VALIDATION_ERROR', `querystring.after cannot be combined with ${other}`);
        const items = await store.articles.listAfter({ after: Number(after), feedId: feedId ?? null, limit: limit ?? DEFAULT_LIMIT });
        // The last seq is the cursor: a client passes it back as after=.
        return { items, nextCursor: null };
      }
      return store.articles.list({
        feedId: feedId ?? null,
        since: parseSince(since),
        q: q?.trim() || null,
        limit: limit ?? DEFAULT_LIMIT,
        cursor: cursor ?? null,
      });
    },
  );

  app.get(
    '/v1/articles/:id',
    { schema: { tags: TAGS, summary: 'One article', params: IdParams, response: { 200: Article, ...ERROR_RESPONSES } } },
    async (request) => {
      const article = await store.articles.get(request.params.id);
      if (!article) throw notFound('ARTICLE_NOT_FOUND', 'article', request.params.id);
      return article;
    },
  );

  app.get(
    '/v1/articles/:id/provenance',
    {
      schema: {
        tags: TAGS,
        summary: 'How an article was made: extractor, why full text was fetched, the cleaning rules that fired',
        params: IdParams,
        response: { 200: ArticleProvenance, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const stored = await store.articles.provenance(request.params.id);
      if (!stored) throw notFound('ARTICLE_NOT_FOUND', 'article', request.params.id);
      const made = stored.provenance;
      return {
        extractor: made?.extractor ?? ('unknown' as const),
        fullTextReason: made?.fullTextReason ?? null,
        rules: made?.rules ?? [],
        skipped: made?.skipped ?? null,
        sources: stored.sources.map((s) => ({ feedId: s.feedId, guid: s.guid, url: s.url, similarity: s.similarity })),
      };
    },
  );
};

export default articleRoutes;
