/**
 * /v1/webhooks: subscriptions and their deliveries. The signing secret is
 * shown once, in the answer to creation; every other route's response schema
 * leaves it out, so it cannot be serialized there even by mistake.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FeedloomError } from '../../core/errors.js';
import { ARTICLE_EVENTS } from '../../core/model.js';
import { assertFetchableUrl } from '../../fetch/ssrf.js';
import { generateWebhookSecret, isValidWebhookSecret } from '../../publish/secret.js';
import type { Store, WebhookEventName } from '../../store/types.js';
import { ApiError, notFound } from '../errors.js';
import { handOff, requeueDelivery } from '../queue-handoff.js';
import { DEFAULT_LIMIT, ERROR_RESPONSES, ErrorResponse, IdParams, PageOf } from '../schemas/common.js';
import { CreateWebhookBody, Delivery, ListDeliveriesQuery, RetryParams, UpdateWebhookBody, UpdatedWebhook, Webhook, WebhookWithSecret } from '../schemas/webhook.js';

const TAGS = ['webhooks'];
const ALL_EVENTS: WebhookEventName[] = [...ARTICLE_EVENTS];

/** Every named feed must exist now; a typo would otherwise subscribe to nothing, silently. */
export async function assertFeedsExist(store: Store, feedIds: string[]): Promise<void> {
  for (const feedId of feedIds) {
    if (!(await store.feeds.get(feedId))) {
      throw new ApiError(400, 'FEED_NOT_FOUND', `feedIds: feed ${JSON.stringify(feedId)} does not exist`, { feedId });
    }
  }
}

const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store, queues } = app.deps;
  const notFoundWebhook = (id: string) => notFound('WEBHOOK_NOT_FOUND', 'webhook', id);
  const webhookExists = (existingId: string) =>
    new ApiError(409, 'WEBHOOK_EXISTS', `subscription ${existingId} already sends the same events of the same feeds to this URL`, {
      webhookId: existingId,
    });

  app.post(
    '/v1/webhooks',
    {
      schema: {
        tags: TAGS,
        summary: 'Subscribe a URL to new and updated articles; the answer holds the signing secret, shown only here',
        body: CreateWebhookBody,
        response: { 201: WebhookWithSecret, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.secret !== undefined && !isValidWebhookSecret(body.secret)) {
        throw new ApiError(400, 'INVALID_SECRET', 'secret must be "whsec_" followed by the base64 of 24 to 64 random bytes');
      }
      const url = (await assertFetchableUrl(body.url, config.allowHosts)).href;
      const feedIds = body.feedIds === undefined ? null : [...new Set(body.feedIds)];
      if (feedIds) await assertFeedsExist(store, feedIds);
      const secret = body.secret ?? generateWebhookSecret();
      const events = body.events === undefined ? ALL_EVENTS : [...new Set(body.events)];
      let webhook;
      try {
        webhook = await store.webhooks.create({ url, secret, feedIds, events });
      } catch (err) {
        const existingId = err instanceof FeedloomError && err.code === 'WEBHOOK_EXISTS' ? err.details.webhookId : undefined;
        if (typeof existingId === 'string') throw webhookExists(existingId);
        throw err;
      }
      return reply.code(201).send({ ...webhook, secret });
    },
  );

  app.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change a subscription: URL, events, feeds, re-enable or disable, rotate the secret',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: UpdatedWebhook, 409: ErrorResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const url = body.url === undefined ? undefined : (await assertFetchableUrl(body.url, config.allowHosts)).href;
      const feedIds = body.feedIds === undefined || body.feedIds === null ? body.feedIds : [...new Set(body.feedIds)];
      if (feedIds) await assertFeedsExist(store, feedIds);
      const now = new Date();
      const secret = body.rotateSecret ? generateWebhookSecret() : null;
      const result = await store.webhooks.update(
        id,
        {
          ...(url !== undefined ? { url } : {}),
          ...(feedIds !== undefined ? { feedIds } : {}),
          ...(body.events !== undefined ? { events: [...new Set(body.events)] } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          ...(secret ? { rotate: { secret, previousSecretUntil: new Date(now.getTime() + config.webhookSecretOverlapSeconds * 1000) } } : {}),
        },
        now,
      );
      if (result.kind === 'not-found') throw notFoundWebhook(id);
      if (result.kind === 'conflict') throw webhookExists(result.existingId);
      if (result.resumedDeliveryIds.length > 0) {
        await handOff(request.log.child({ webhookId: id }), `queueing ${result.resumedDeliveryIds.length} resumed deliveries`, () =>
          queues.enqueueDeliveries(result.resumedDeliveryIds),
        );
      }
      return secret ? { ...result.webhook, secret } : result.webhook;
    },
  );

  app.get(
    '/v1/webhooks',
    { schema: { tags: TAGS, summary: 'List subscriptions', response: { 200: PageOf(Webhook), ...ERROR_RESPONSES } } },
    async () => ({ items: await store.webhooks.list(), nextCursor: null }),
  );

  app.get(
    '/v1/webhooks/:id',
    { schema: { tags: TAGS, summary: 'One subscription', params: IdParams, response: { 200: Webhook, ...ERROR_RESPONSES } } },
    async (request) => {
      const webhook = await store.webhooks.get(request.params.id);
      if (!webhook) throw notFoundWebhook(request.params.id);
      return webhook;
    },
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      schema: { tags: TAGS, summary: 'Unsubscribe', params: IdParams, response: { 204: Type.Null(), ...ERROR_RESPONSES } },
    },
    async (request, reply) => {
      if (!(await store.webhooks.delete(request.params.id))) throw notFoundWebhook(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags: TAGS,
        summary: 'Deliveries of a subscription, newest first',
        params: IdParams,
        querystring: ListDeliveriesQuery,
        response: { 200: PageOf(Delivery), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await store.webhooks.get(id))) throw notFoundWebhook(id);
      const { status, limit, cursor } = request.query;
      return store.deliveries.list(id, { status: status ?? null, limit: limit ?? DEFAULT_LIMIT, cursor: cursor ?? null });
    },
  );

  app.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags: TAGS,
        summary: 'Deliver again now (after it failed for good, typically)',
        params: RetryParams,
        response: { 202: Delivery, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      if (!(await store.webhooks.get(id))) throw notFoundWebhook(id);
      if (!(await store.deliveries.resetForRetry(id, deliveryId, new Date()))) {
        throw notFound('DELIVERY_NOT_FOUND', `delivery of webhook ${id}`, deliveryId);
      }
      await requeueDelivery(queues, request.log, deliveryId);
      const delivery = await store.deliveries.get(deliveryId);
      if (!delivery) throw notFound('DELIVERY_NOT_FOUND', `delivery of webhook ${id}`, deliveryId);
      return reply.code(202).send(delivery);
    },
  );
};

export default webhookRoutes;
