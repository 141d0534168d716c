/**
 * POST /v1/preview: the whole pipeline once, nothing stored or queued. What
 * goes wrong upstream is the client's to see: a document that is not a feed
 * is 422, an unreachable or misbehaving server 502, never a 500.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { assertFetchableUrl } from '../../fetch/ssrf.js';
import { feedRulesFrom } from '../../normalize/feed-rules/index.js';
import { previewUrl } from '../../pipeline/preview.js';
import { PreviewBody, PreviewResponse } from '../schemas/article.js';
import { ERROR_RESPONSES } from '../schemas/common.js';

const previewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, http, log, cleaner } = app.deps;

  app.post(
    '/v1/preview',
    {
      schema: {
        tags: ['articles'],
        summary: 'Fetch, parse and normalize a feed without storing anything (optionally with cleaning rules to try)',
        body: PreviewBody,
        response: { 200: PreviewResponse, ...ERROR_RESPONSES },
      },
      // Registration calls a page without a feed bad input (400); here the client asked what the URL holds.
      config: { errorStatus: { NOT_A_FEED: 422 } },
    },
    async (request) => {
      const { url, fullText, rules } = request.body;
      // Rules a user tries before saving them on a feed: checked like PATCH /v1/feeds/:id checks them.
      const tried = rules ? feedRulesFrom(rules, null) : null;
      await assertFetchableUrl(url, config.allowHosts);
      return previewUrl(url, { fullText: fullText ?? 'auto', rules: tried }, { http, config, log: log.child({ reqId: request.id }), cleaner });
    },
  );
};

export default previewRoutes;
