/**
 * Probes and the Prometheus scrape. These are open (no token) and exempt
 * from the rate limit: an orchestrator or Prometheus polls them all day.
 * /healthz says the process runs; /readyz that its dependencies answer.
 */
import { once } from 'node:events';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorMessage } from '../../core/errors.js';
import type { Queues } from '../../queue/queues.js';
import { renderMetrics } from '../scrape-gauges.js';
import { withTimeout } from '../../core/with-timeout.js';

/** A dead Redis must make /readyz say so quickly, not hang the probe. */
const CHECK_DEADLINE_MS = 1_000;
const TAGS = ['operations'];
const NO_RATE_LIMIT = { rateLimit: false } as const;

const Readiness = Type.Object({
  status: Type.Enum(['ready', 'unavailable']),
  redis: Type.String({ description: '"ok" or "error: <reason>"' }),
  store: Type.String({ description: '"ok" or "error: <reason>"' }),
});

async function check(what: string, probe: () => Promise<void>): Promise<string> {
  try {
    await withTimeout(probe(), CHECK_DEADLINE_MS, what);
    return 'ok';
  } catch (err) {
    return `error: ${errorMessage(err)}`;
  }
}

/**
 * The queue connection refuses commands while it (re)connects rather than
 * buffering them, so a probe just after start waits for it, within the deadline.
 */
async function pingRedis(queues: Queues): Promise<void> {
  const connection = queues.connection;
  if (connection.status !== 'ready') {
    try {
      await once(connection, 'ready', { signal: AbortSignal.timeout(CHECK_DEADLINE_MS) });
    } catch {
      throw new Error(`not connected within ${CHECK_DEADLINE_MS} ms (connection ${connection.status})`);
    }
  }
  await queues.ping();
}

const operationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, queues } = app.deps;

  app.get(
    '/healthz',
    {
      config: NO_RATE_LIMIT,
      schema: { tags: TAGS, summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: NO_RATE_LIMIT,
      schema: { tags: TAGS, summary: 'Readiness: Redis and the store answer', response: { 200: Readiness, 503: Readiness } },
    },
    async (request, reply) => {
      const [redis, storeState] = await Promise.all([
        check('Redis', () => pingRedis(queues)),
        check('the store', () => store.ping()),
      ]);
      const ready = redis === 'ok' && storeState === 'ok';
      if (!ready) request.log.warn({ redis, store: storeState }, 'not ready');
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', redis, store: storeState });
    },
  );

  app.get(
    '/metrics',
    {
      config: NO_RATE_LIMIT,
      schema: { tags: TAGS, summary: 'Prometheus metrics', produces: ['text/plain'], response: { 200: Type.String() } },
    },
    async (_request, reply) => {
      const { contentType, body } = await renderMetrics(app.deps);
      return reply.type(contentType).send(body);
    },
  );
};

export default operationsRoutes;
