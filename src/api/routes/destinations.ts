/**
 * /v1/destinations: WordPress sites articles are published to, and their
 * deliveries. The application password goes in (sealed with secret-box before
 * it is stored) and never comes out: no response schema has it.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { secretBoxFor } from '../../core/secret-box.js';
import { assertFetchableUrl } from '../../fetch/ssrf.js';
import { WordPressClient, WordPressError } from '../../publish/wordpress/client.js';
import { checkWordPressSite, type CheckedSite } from '../../publish/wordpress/site.js';
import { DEFAULT_TEMPLATE, TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from '../../publish/wordpress/template.js';
import type { Destination as StoredDestination, DestinationPatch } from '../../store/types.js';
import { ApiError, notFound } from '../errors.js';
import { requeueDelivery } from '../queue-handoff.js';
import { DEFAULT_LIMIT, ERROR_RESPONSES, IdParams, PageOf } from '../schemas/common.js';
import { CreateDestinationBody, Destination, DestinationDelivery, PatchDestinationBody } from '../schemas/destination.js';
import { ListDeliveriesQuery, RetryParams } from '../schemas/webhook.js';
import { assertFeedsExist } from './webhooks.js';

const TAGS = ['destinations'];
/** Largest JSON answer read while checking a site. */
const CHECK_MAX_BYTES = 2 * 1024 * 1024;

function assertTemplate(template: string | null | undefined): void {
  if (template === undefined || template === null) return;
  const unknown = unknownPlaceholders(template);
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      'INVALID_TEMPLATE',
      `template: unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}; known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
    );
  }
}

function present(destination: StoredDestination) {
  return { ...destination, template: destination.template ?? DEFAULT_TEMPLATE };
}

const destinationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store, queues, http } = app.deps;
  const box = secretBoxFor(config);
  const limits = { timeoutMs: config.wordpressTimeoutMs, maxResponseBytes: CHECK_MAX_BYTES };
  const notFoundDestination = (id: string) => notFound('DESTINATION_NOT_FOUND', 'destination', id);

  /** An author id the site does not know would fail every post later: refused now. */
  async function assertAuthor(site: CheckedSite, username: string, password: string, authorId: number | null | undefined): Promise<void> {
    if (authorId === undefined || authorId === null || authorId === site.userId) return;
    const client = new WordPressClient(http, { apiUrl: site.apiUrl, username, password }, limits);
    try {
      await client.get(`wp/v2/users/${authorId}`, { context: 'edit' });
    } catch (err) {
      if (err instanceof WordPressError && err.status !== null && err.status < 500) {
        throw new ApiError(400, 'WORDPRESS_AUTHOR', `authorId ${authorId}: ${err.message}`);
      }
      throw new ApiError(400, 'WORDPRESS_UNREACHABLE', `checking authorId ${authorId} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  app.post(
    '/v1/destinations',
    {
      schema: {
        tags: TAGS,
        summary: 'Publish articles to a WordPress site (checked at once: REST API, credentials)',
        body: CreateDestinationBody,
        response: { 201: Destination, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const body = request.body;
      assertTemplate(body.template);
      const url = (await assertFetchableUrl(body.url, config.allowHosts)).href;
      const feedIds = body.feedIds === undefined || body.feedIds === null ? null : [...new Set(body.feedIds)];
      if (feedIds) await assertFeedsExist(store, feedIds);
      // Refused before the site is contacted: production without SECRET_KEY stores no credential.
      const passwordSealed = box.seal(body.applicationPassword);
      const site = await checkWordPressSite(http, { url, username: body.username, password: body.applicationPassword }, limits);
      await assertAuthor(site, body.username, body.applicationPassword, body.authorId);
      const destination = await store.destinations.create({
        url,
        apiUrl: site.apiUrl,
        username: body.username,
        passwordSealed,
        status: body.status ?? 'draft',
        feedIds,
        authorId: body.authorId ?? null,
        categories: [...new Set(body.categories ?? [])],
        copyCategories: body.copyCategories ?? true,
        copyTags: body.copyTags ?? false,
        featuredImage: body.featuredImage ?? true,
        template: body.template ?? null,
      });
      request.log.info({ destinationId: destination.id, url, apiUrl: site.apiUrl }, 'destination created');
      return reply.code(201).send(present(destination));
    },
  );

  app.get(
    '/v1/destinations',
    { schema: { tags: TAGS, summary: 'List destinations', response: { 200: PageOf(Destination), ...ERROR_RESPONSES } } },
    async () => ({ items: (await store.destinations.list()).map(present), nextCursor: null }),
  );

  app.get(
    '/v1/destinations/:id',
    { schema: { tags: TAGS, summary: 'One destination', params: IdParams, response: { 200: Destination, ...ERROR_RESPONSES } } },
    async (request) => {
      const destination = await store.destinations.get(request.params.id);
      if (!destination) throw notFoundDestination(request.params.id);
      return present(destination);
    },
  );

  app.patch(
    '/v1/destinations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change a destination; a new URL, username or password is checked against the site first',
        params: IdParams,
        body: PatchDestinationBody,
        response: { 200: Destination, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { id } = request.params;
      const current = await store.destinations.getWithCredentials(id);
      if (!current) throw notFoundDestination(id);
      const body = request.body;
      assertTemplate(body.template);
      const patch: DestinationPatch = {};
      if (body.feedIds !== undefined) {
        patch.feedIds = body.feedIds === null ? null : [...new Set(body.feedIds)];
        if (patch.feedIds) await assertFeedsExist(store, patch.feedIds);
      }
      const credentialsChange = body.url !== undefined || body.username !== undefined || body.applicationPassword !== undefined;
      if (credentialsChange || (body.authorId !== undefined && body.authorId !== null)) {
        const url = body.url !== undefined ? (await assertFetchableUrl(body.url, config.allowHosts)).href : current.url;
        const username = body.username ?? current.username;
        const password = body.applicationPassword ?? box.open(current.passwordSealed);
        const site = await checkWordPressSite(http, { url, username, password }, limits);
        await assertAuthor(site, username, password, body.authorId);
        Object.assign(patch, { url, apiUrl: site.apiUrl, username });
        if (body.applicationPassword !== undefined) patch.passwordSealed = box.seal(body.applicationPassword);
      }
      if (body.status !== undefined) patch.status = body.status;
      if (body.authorId !== undefined) patch.authorId = body.authorId;
      if (body.categories !== undefined) patch.categories = [...new Set(body.categories)];
      if (body.copyCategories !== undefined) patch.copyCategories = body.copyCategories;
      if (body.copyTags !== undefined) patch.copyTags = body.copyTags;
      if (body.featuredImage !== undefined) patch.featuredImage = body.featuredImage;
      if (body.template !== undefined) patch.template = body.template;
      if (body.enabled !== undefined) patch.enabled = body.enabled;
      const updated = await store.destinations.update(id, patch);
      if (!updated) throw notFoundDestination(id);
      return present(updated);
    },
  );

  app.delete(
    '/v1/destinations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Stop publishing to a site (the posts already made stay on it)',
        params: IdParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      if (!(await store.destinations.delete(request.params.id))) throw notFoundDestination(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/destinations/:id/deliveries',
    {
      schema: {
        tags: TAGS,
        summary: "Deliveries to a destination, newest first, with the post each made (remoteId, remoteUrl)",
        params: IdParams,
        querystring: ListDeliveriesQuery,
        response: { 200: PageOf(DestinationDelivery), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await store.destinations.get(id))) throw notFoundDestination(id);
      const { status, limit, cursor } = request.query;
      return store.destinations.deliveries(id, { status: status ?? null, limit: limit ?? DEFAULT_LIMIT, cursor: cursor ?? null });
    },
  );

  app.post(
    '/v1/destinations/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags: TAGS,
        summary: 'Publish again now (after it failed for good, typically); the same post is updated, never doubled',
        params: RetryParams,
        response: { 202: DestinationDelivery, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      if (!(await store.destinations.get(id))) throw notFoundDestination(id);
      if (!(await store.destinations.resetDeliveryForRetry(id, deliveryId, new Date()))) {
        throw notFound('DELIVERY_NOT_FOUND', `delivery of destination ${id}`, deliveryId);
      }
      await requeueDelivery(queues, request.log, deliveryId);
      const delivery = await store.deliveries.get(deliveryId);
      if (!delivery) throw notFound('DELIVERY_NOT_FOUND', `delivery of destination ${id}`, deliveryId);
      return reply.code(202).send(delivery);
    },
  );
};

export default destinationRoutes;
