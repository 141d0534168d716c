/** Makes the API's dependencies reachable from every route as `app.deps`. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiDeps } from '../deps.js';

async function depsPlugin(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.decorate('deps', deps);
}

export default fp(depsPlugin, { name: 'feedloom-deps' });
