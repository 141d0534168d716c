/**
 * OpenAPI for free from the route schemas (@fastify/swagger collects every
 * route registered after it), browsable at /docs with the spec at /docs/json.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { VERSION } from '../../../config/index.js';

async function docsPlugin(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'feedloom',
        description: 'Feeds in, clean articles out: registration, articles, preview and signed webhooks.',
        version: VERSION,
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: app.deps.config.apiToken === null ? [] : [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

export default fp(docsPlugin, { name: 'feedloom-docs', dependencies: ['feedloom-deps'] });
