/** /v1/webhooks on SQLite and PostgreSQL: the secret shown once, validation, deliveries and a manual retry. */
import { describe, expect, it } from 'vitest';
import type { Delivery, Webhook, WebhookWithSecret } from '../../src/store/types.js';
import { isValidWebhookSecret } from '../../src/publish/secret.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedInput, feedItem, fetchSuccess } from '../store/fixtures.js';
import { useTestApi } from './harness.js';

const HOOK_URL = 'http://127.0.0.1:9/hook';
const GIVEN_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe.each(TEST_DIALECTS)('webhooks on %s', (dialect) => {
  const api = useTestApi({ dialect, env: { ALLOW_HOSTS: '127.0.0.1' } });

  const create = (payload: Record<string, unknown>) => api.call({ method: 'POST', url: '/v1/webhooks', payload });

  it('returns a generated secret on creation and never again', async () => {
    const response = await create({ url: HOOK_URL });
    expect(response.statusCode).toBe(201);
    const created = response.json<WebhookWithSecret>();
    expect(isValidWebhookSecret(created.secret)).toBe(true);
    expect(created).toMatchObject({ url: HOOK_URL, feedIds: null, events: ['article.created', 'article.updated'], active: true });

    const one = await api.call({ method: 'GET', url: `/v1/webhooks/${created.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).not.toHaveProperty('secret');
    expect(one.body).not.toContain(created.secret);
    const all = await api.call({ method: 'GET', url: '/v1/webhooks' });
    expect(all.json<{ items: Webhook[] }>().items.map((w) => w.id)).toContain(created.id);
    expect(all.body).not.toContain(created.secret);
  });

  it('keeps a secret the client brings, and its event choice', async () => {
    const response = await create({ url: HOOK_URL, secret: GIVEN_SECRET, events: ['article.created'] });
    expect(response.json()).toMatchObject({ secret: GIVEN_SECRET, events: ['article.created'] });
  });

  it('refuses a malformed secret, a bad or private URL, and an unknown feed', async () => {
    const secret = await create({ url: HOOK_URL, secret: 'whsec_short' });
    expect(secret.json()).toMatchObject({ statusCode: 400, code: 'INVALID_SECRET' });
    const ftp = await create({ url: 'ftp://127.0.0.1/hook' });
    expect(ftp.json()).toMatchObject({ statusCode: 400, code: 'INVALID_URL' });
    const blocked = await create({ url: 'http://192.168.10.10/hook' });
    expect(blocked.json()).toMatchObject({ statusCode: 400, code: 'BLOCKED_ADDRESS' });
    const feed = await create({ url: HOOK_URL, feedIds: ['no-such-feed'] });
    expect(feed.json()).toMatchObject({ statusCode: 400, code: 'FEED_NOT_FOUND', feedId: 'no-such-feed' });
    const event = await create({ url: HOOK_URL, events: ['article.deleted'] });
    expect(event.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_ERROR' });
  });

  it('lists deliveries and retries a failed one', async () => {
    const { feed } = await api.store.feeds.create(feedInput());
    const webhook = (await create({ url: HOOK_URL, feedIds: [feed.id] })).json<WebhookWithSecret>();
    const { pendingItemIds } = await api.store.feeds.recordSuccess(feed.id, fetchSuccess([feedItem('w1')]));
    const saved = await api.store.articles.saveFromItem(pendingItemIds[0] ?? '', cleanArticle('w1', 'webhook body text'), { at: new Date() });
    const listed = await api.call({ method: 'GET', url: `/v1/webhooks/${webhook.id}/deliveries` });
    const page = listed.json<{ items: Delivery[]; nextCursor: string | null }>();
    expect(page.items).toHaveLength(1);
    const deliveryId = page.items[0]?.id ?? '';
    // Subscriptions made by earlier tests (to every feed) got deliveries of their own.
    expect(saved.deliveryIds).toContain(deliveryId);
    expect(page.items[0]).toMatchObject({ articleId: saved.article?.id, event: 'article.created', status: 'pending', attempts: 0 });

    await api.store.deliveries.recordAttempt(deliveryId, {
      at: new Date(),
      ok: false,
      httpStatus: 500,
      error: 'HTTP 500',
      nextAttemptAt: null,
      disableWebhook: false,
    });
    const failed = await api.call({ method: 'GET', url: `/v1/webhooks/${webhook.id}/deliveries?status=failed` });
    expect(failed.json<{ items: Delivery[] }>().items.map((d) => d.id)).toEqual([deliveryId]);

    const retry = await api.call({ method: 'POST', url: `/v1/webhooks/${webhook.id}/deliveries/${deliveryId}/retry` });
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toMatchObject({ id: deliveryId, status: 'pending' });
    expect((await api.queues.deliver.getJob(`deliver-${deliveryId}`))?.data).toEqual({ deliveryId });
  });

  it('404s unknown webhooks and deliveries', async () => {
    const webhook = (await create({ url: `${HOOK_URL}?for=404s` })).json<Webhook>();
    const cases: [string, string, string][] = [
      ['GET', '/v1/webhooks/nope', 'WEBHOOK_NOT_FOUND'],
      ['GET', '/v1/webhooks/nope/deliveries', 'WEBHOOK_NOT_FOUND'],
      ['POST', '/v1/webhooks/nope/deliveries/nope/retry', 'WEBHOOK_NOT_FOUND'],
      ['POST', `/v1/webhooks/${webhook.id}/deliveries/nope/retry`, 'DELIVERY_NOT_FOUND'],
      ['DELETE', '/v1/webhooks/nope', 'WEBHOOK_NOT_FOUND'],
    ];
    for (const [method, url, code] of cases) {
      const response = await api.call({ method: method as 'GET', url });
      expect({ url, status: response.statusCode, code: response.json<{ code: string }>().code }).toEqual({ url, status: 404, code });
    }
  });

  it('deletes a subscription (204)', async () => {
    const webhook = (await create({ url: `${HOOK_URL}?for=delete` })).json<Webhook>();
    const deleted = await api.call({ method: 'DELETE', url: `/v1/webhooks/${webhook.id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await api.call({ method: 'GET', url: `/v1/webhooks/${webhook.id}` })).statusCode).toBe(404);
  });
});
