/**
 * Bull Board over the queues at /admin/queues. Auth comes from the root
 * onRequest hook (Bearer, or Basic for a browser); Bull Board installs its own
 * error handler inside its encapsulated scope, leaving the API's untouched.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const BULL_BOARD_PATH = '/admin/queues';

async function bullBoardPlugin(app: FastifyInstance): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: app.deps.queues.all().map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'feedloom' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}

export default fp(bullBoardPlugin, { name: 'feedloom-bull-board', dependencies: ['feedloom-deps'] });
