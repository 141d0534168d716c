/**
 * /v1/opml: subscription lists in and out. The XML body parser is
 * registered in this plugin's scope only, so other routes keep answering 415
 * to XML.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseOpml, renderOpml } from '../../opml/index.js';
import { importOpml } from '../opml-import.js';
import { handOff } from '../queue-handoff.js';
import { ERROR_RESPONSES } from '../schemas/common.js';

export const OPML_CONTENT_TYPES = ['text/x-opml', 'application/xml', 'text/xml', 'application/x-opml'];
const OPML_RESPONSE_TYPE = 'text/x-opml; charset=utf-8';
const TAGS = ['feeds'];

const ImportResult = Type.Object({
  created: Type.Integer(),
  existing: Type.Integer(),
  invalid: Type.Array(Type.Object({ url: Type.String(), message: Type.String() })),
});

const opmlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store, queues } = app.deps;

  app.addContentTypeParser(
    OPML_CONTENT_TYPES,
    { parseAs: 'string', bodyLimit: config.bodyLimitBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/v1/opml',
    {
      schema: {
        tags: TAGS,
        summary: 'Import an OPML subscription list',
        consumes: OPML_CONTENT_TYPES,
        body: Type.String({ description: 'an OPML document' }),
        response: { 200: ImportResult, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const result = await importOpml(parseOpml(request.body), { store, config });
      await handOff(request.log, `queueing the first fetch of ${result.createdIds.length} imported feeds`, () =>
        queues.enqueueFetch(result.createdIds),
      );
      return { created: result.created, existing: result.existing, invalid: result.invalid };
    },
  );

  app.get(
    '/v1/opml',
    {
      schema: {
        tags: TAGS,
        summary: 'Export every feed as OPML 2.0',
        produces: ['text/x-opml'],
        response: { 200: Type.String({ description: 'an OPML 2.0 document' }), ...ERROR_RESPONSES },
      },
    },
    async (_request, reply) => {
      const feeds = await store.feeds.all();
      const xml = renderOpml(
        feeds.map((feed) => ({ url: feed.url, title: feed.title, siteUrl: feed.siteUrl, tags: feed.tags })),
        'feedloom subscriptions',
      );
      return reply.type(OPML_RESPONSE_TYPE).header('content-disposition', 'attachment; filename="feedloom.opml"').send(xml);
    },
  );
};

export default opmlRoutes;
