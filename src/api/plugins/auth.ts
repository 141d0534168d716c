/**
 * Bearer-token auth for everything but the operational routes and docs.
 * With no API_TOKEN the API is open (local use).
 * Tokens are compared as SHA-256 digests with timingSafeEqual: equal-length
 * inputs, so neither the content nor the length of the token leaks through
 * response timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../errors.js';

/** Route patterns anyone may call: probes, scrapes, the API docs, and WebSub hubs (they sign what they send). */
const OPEN_ROUTES = new Set(['/healthz', '/readyz', '/metrics', '/websub/:feedId']);
const DOCS_PREFIX = '/docs';
const ADMIN_PREFIX = '/admin';
export const BASIC_REALM = 'Basic realm="feedloom"';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Open by route pattern, not by raw path: a path that matches no route (404)
 * is not open, so no spelling of a protected URL can slip past as "open".
 */
export function isOpenRoute(routeUrl: string | undefined): boolean {
  if (routeUrl === undefined) return false;
  return OPEN_ROUTES.has(routeUrl) || routeUrl === DOCS_PREFIX || routeUrl.startsWith(`${DOCS_PREFIX}/`);
}

/** The token a request presents: `Bearer <token>`, or on /admin the password of `Basic` auth (a browser's prompt). */
export function presentedToken(request: FastifyRequest, allowBasic: boolean): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (bearer) return bearer[1] ?? null;
  const basic = allowBasic ? /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header) : null;
  if (!basic) return null;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decoded.slice(colon + 1);
}

function isAdminPath(request: FastifyRequest): boolean {
  const route = request.routeOptions.url ?? request.url;
  return route === ADMIN_PREFIX || route.startsWith(`${ADMIN_PREFIX}/`);
}

async function authPlugin(app: FastifyInstance): Promise<void> {
  const expected = app.deps.config.apiToken;
  // Open API: buildApp has already warned about it.
  if (expected === null) return;
  app.addHook('onRequest', async (request, reply) => {
    if (isOpenRoute(request.routeOptions.url)) return;
    const admin = isAdminPath(request);
    const token = presentedToken(request, admin);
    if (token !== null && tokenMatches(token, expected)) return;
    // A browser shows its login prompt for Bull Board only when challenged for Basic auth.
    if (admin) void reply.header('www-authenticate', BASIC_REALM);
    throw new ApiError(
      401,
      'UNAUTHORIZED',
      token === null ? 'missing credentials: send Authorization: Bearer <API_TOKEN>' : 'the token is not valid',
    );
  });
}

export default fp(authPlugin, { name: 'feedloom-auth', dependencies: ['feedloom-deps'] });
