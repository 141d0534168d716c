/**
 * Per-client request budget. A client is its API token when auth is on (so
 * many users behind one NAT do not starve each other), else its IP address.
 * The token is only a key once auth has verified it; with auth off, anyone
 * could dodge the limit by inventing tokens. Probes opt out per route
 * (`config: { rateLimit: false }`). Counters live in this process: a limit
 * shared through Redis would make the API fail whenever Redis does.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sha256Hex } from '../../core/hash.js';
import { ApiError } from '../errors.js';
import { presentedToken, tokenMatches } from './auth.js';

async function rateLimitPlugin(app: FastifyInstance): Promise<void> {
  const { apiToken, rateLimitMax, rateLimitWindowMs } = app.deps.config;
  const clientKey = (request: FastifyRequest): string => {
    const token = apiToken === null ? null : presentedToken(request, true);
    if (apiToken !== null && token !== null && tokenMatches(token, apiToken)) {
      return `token:${sha256Hex(token)}`;
    }
    return `ip:${request.ip}`;
  };
  await app.register(rateLimit, {
    global: true,
    max: rateLimitMax,
    timeWindow: rateLimitWindowMs,
    keyGenerator: clientKey,
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'RATE_LIMITED', `rate limit of ${context.max} requests per ${Math.round(rateLimitWindowMs / 1000)} s exceeded; retry in ${context.after}`),
  });
}

export default fp(rateLimitPlugin, { name: 'feedloom-rate-limit', dependencies: ['feedloom-deps'] });
