/**
 * One log line per request, when it is answered: method, route, status and
 * time. Health probes and scrapes come every few seconds and say nothing, so
 * they log at debug; server errors log at error, the rest at info.
 */
import type { FastifyInstance } from 'fastify';

const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : route !== undefined && QUIET_ROUTES.has(route) ? 'debug' : 'info';
    request.log[level](
      { method: request.method, url: request.url, route: route ?? null, statusCode: status, ms: Math.round(reply.elapsedTime), ip: request.ip },
      'request',
    );
  });
}
