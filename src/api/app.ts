/**
 * The HTTP API, assembled from plugins in a fixed order (the order matters:
 * hooks and the error handler apply to what is registered after them, and
 * @fastify/swagger and @fastify/rate-limit only see routes added later):
 *
 *   deps → error + not-found handlers → auth → rate limit → docs → routes → Bull Board
 *
 * buildApp does not listen; the CLI calls `app.listen({ port, host })`, tests
 * call `app.inject()`.
 */
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyTypeProviderDefault } from 'fastify';
import type { ApiDeps } from './deps.js';
import authPlugin from './plugins/auth.js';
import bullBoardPlugin from './plugins/bull-board.js';
import depsPlugin from './plugins/deps.js';
import docsPlugin from './plugins/docs.js';
import errorHandlerPlugin, { sendFrameworkError } from './plugins/error-handler.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import articleRoutes from './routes/articles.js';
import destinationRoutes from './routes/destinations.js';
import feedRoutes from './routes/feeds.js';
import operationsRoutes from './routes/operations.js';
import opmlRoutes from './routes/opml.js';
import previewRoutes from './routes/preview.js';
import webhookRoutes from './routes/webhooks.js';
import websubRoutes from './routes/websub.js';
import { logRequests } from './request-log.js';

export type { ApiDeps } from './deps.js';

export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // As the base logger type, so the instance is a plain FastifyInstance to callers (pino's Logger is a superset).
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    // Behind a reverse proxy, request.ip (rate limits, request logs) is the client from X-Forwarded-For, as far as TRUST_PROXY trusts it.
    trustProxy: deps.config.trustProxy,
    // Ids are at most 100 characters; a longer path segment is refused by the router (414), not a 500 from somewhere deeper.
    routerOptions: { maxParamLength: 200 },
    // That 414 and the 400 for a path that is not valid UTF-8 bypass the error handler: give them the API's error shape.
    frameworkErrors: sendFrameworkError,
    // Fastify logs two lines per request; request-log.ts writes one, and keeps probes out of the info level.
    // (Through logController: Fastify 5 deprecates the top-level disableRequestLogging, FSTDEP023.)
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  logRequests(app);
  // TypeBox's validator: bodies are checked as sent (no "123" → 123 coercion), query strings converted.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // The API speaks JSON (and OPML on its own route): a text/plain body is the wrong content type, 415.
  app.removeContentTypeParser('text/plain');
  // `curl -d '{...}'` labels its JSON as a form. The API has no forms, so such a body is read as the JSON it is
  // (and anything else gets the usual invalid-JSON 400).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  if (deps.config.apiToken === null) {
    deps.log.warn('API_TOKEN is not set: the API and /admin/queues are open to anyone who can reach this port');
  }

  await app.register(depsPlugin, deps);
  await app.register(errorHandlerPlugin);
  await app.register(authPlugin);
  await app.register(rateLimitPlugin);
  await app.register(docsPlugin);
  await app.register(feedRoutes);
  await app.register(opmlRoutes);
  await app.register(articleRoutes);
  await app.register(previewRoutes);
  await app.register(webhookRoutes);
  await app.register(destinationRoutes);
  await app.register(websubRoutes);
  await app.register(operationsRoutes);
  await app.register(bullBoardPlugin);
  // Callers only listen, inject and close: the TypeBox provider matters inside the route plugins alone.
  return app.withTypeProvider<FastifyTypeProviderDefault>();
}
