/**
 * Bull Board over the queues at /admin/queues. Auth comes from the root
 * onRequest hook (Bearer, or Basic for a browser); Bull Board installs its own
 * error handler inside its encapsulated scope, leaving the API's untouched.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { HTTPStatus } from '@bull-board/api/typings/app';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { INTERNAL_ERROR_BODY, toErrorBody } from './error-handler.js';

export const BULL_BOARD_PATH = '/admin/queues';

async function bullBoardPlugin(app: FastifyInstance): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: app.deps.queues.all().map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'feedloom' } },
  });
  // Bull Board's default handler answers with the stack trace, in its own shape; ours says the same as everywhere else.
  serverAdapter.setErrorHandler((err) => {
    const body = toErrorBody(err);
    // Bull Board types its statuses as the few its own routes use; the adapter passes any status through to reply.code().
    if (body) return { status: body.statusCode as HTTPStatus, body };
    app.log.error({ err }, 'Bull Board request failed');
    return { status: 500, body: INTERNAL_ERROR_BODY };
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}

export default fp(bullBoardPlugin, { name: 'feedloom-bull-board', dependencies: ['feedloom-deps'] });
