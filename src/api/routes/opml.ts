/**
 * /v1/opml: subscription lists in and out. The import takes the document
 * however it is sent: as the raw body under any content type (what
 * `curl --data-binary @subs.opml` does, labelled as a form), or as the file
 * of a multipart/form-data upload. Those parsers live in this plugin's scope
 * only, so other routes keep answering 415 to XML.
 */
import multipart from '@fastify/multipart';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseOpml } from '../../opml/parse.js';
import { renderOpml } from '../../opml/render.js';
import { ApiError } from '../errors.js';
import { importOpml } from '../opml-import.js';
import { handOff } from '../queue-handoff.js';
import { ERROR_RESPONSES } from '../schemas/common.js';

export const OPML_CONTENT_TYPES = ['text/x-opml', 'application/xml', 'text/xml', 'application/x-opml'];
const OPML_RESPONSE_TYPE = 'text/x-opml; charset=utf-8';
const TAGS = ['feeds'];
/** A subscription form has a file and perhaps a field or two; anything more is not one. */
const MULTIPART_LIMITS = { files: 1, fields: 10, parts: 20, fieldSize: 1024, fieldNameSize: 100, headerPairs: 100 };

const ImportResult = Type.Object({
  created: Type.Integer(),
  existing: Type.Integer(),
  invalid: Type.Array(Type.Object({ url: Type.String(), message: Type.String() })),
});

const ExportQuery = Type.Object({
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'only feeds with this tag, or in a folder under it' })),
});

const opmlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store, queues, http, log } = app.deps;

  // Whatever the label (curl's form default, text/plain, an XML type, none): the body is read as text and
  // parseOpml decides whether it is OPML. JSON too: a JSON body is not OPML and gets INVALID_OPML.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: config.bodyLimitBytes }, (_request, body, done) => done(null, body));
  await app.register(multipart, { limits: { ...MULTIPART_LIMITS, fileSize: config.bodyLimitBytes } });

  app.post(
    '/v1/opml',
    {
      schema: {
        tags: TAGS,
        summary: 'Import an OPML subscription list (raw body of any content type, or a multipart/form-data file)',
        consumes: [...OPML_CONTENT_TYPES, 'multipart/form-data'],
        body: Type.String({ description: 'an OPML document' }),
        response: { 200: ImportResult, ...ERROR_RESPONSES },
      },
      // Before validation: an upload's file becomes the body the schema and the handler see.
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const file = await request.file();
        if (!file) throw new ApiError(400, 'INVALID_OPML', 'the multipart upload has no file: send the OPML document as a file field');
        // toBuffer enforces limits.fileSize (413 BODY_TOO_LARGE beyond it).
        request.body = (await file.toBuffer()).toString('utf8');
      },
    },
    async (request) => {
      const result = await importOpml(parseOpml(request.body), { store, config, http, log: log.child({ reqId: request.id }) });
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
        summary: 'Export the feeds as OPML 2.0, folders nested as imported',
        produces: ['text/x-opml'],
        querystring: ExportQuery,
        response: { 200: Type.String({ description: 'an OPML 2.0 document' }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { tag } = request.query;
      const inTag = (tags: string[]) => tag === undefined || tags.some((t) => t === tag || t.startsWith(`${tag}/`));
      const feeds = (await store.feeds.all()).filter((feed) => inTag(feed.tags));
      const xml = renderOpml(
        feeds.map((feed) => ({ url: feed.url, title: feed.title, siteUrl: feed.siteUrl, tags: feed.tags })),
        'feedloom subscriptions',
      );
      return reply.type(OPML_RESPONSE_TYPE).header('content-disposition', 'attachment; filename="feedloom.opml"').send(xml);
    },
  );
};

export default opmlRoutes;
