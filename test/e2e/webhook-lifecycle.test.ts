/**
 * A subscription's life over the API, with real workers, Redis and a real
 * receiver: rotating the secret (both signatures verify during the overlap),
 * disabling (deliveries wait as paused), re-enabling (they arrive), a 410
 * (the subscription disables itself, the delivery waits) and duplicates (409).
 */
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, Feed, Webhook } from '../../src/store/types.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { rss, waitFor } from '../helpers/http-servers.js';
import { useServiceStack, type ServiceStack } from '../helpers/service.js';

const BODY = (n: number) => `<p>Story ${n} tells of the harbour, the boats and the people who work there every day.</p>`;
const items = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    guid: `lifecycle-${i + 1}`,
    title: `Lifecycle story ${i + 1}`,
    body: BODY(i + 1),
    date: `2026-11-${String(10 + i).padStart(2, '0')}T08:00:00Z`,
  })).reverse();

describe.each(TEST_DIALECTS)('webhook lifecycle on %s', (dialect) => {
  const stack = useServiceStack(dialect);
  let feeds: ServiceStack['feeds'];
  let receiver: ServiceStack['receiver'];
  let api: ServiceStack['api'];
  let feed: Feed;
  let hook: Webhook & { secret: string };

  const deliveries = async (status?: string) =>
    (await api.get<{ items: Delivery[] }>(`/v1/webhooks/${hook.id}/deliveries${status ? `?status=${status}` : ''}`)).body.items;
  /** Serves `count` items and fetches now; resolves when the store has them all. */
  const publish = async (count: number) => {
    feeds.set('/feed.xml', rss(items(count)));
    expect((await api.post(`/v1/feeds/${feed.id}/fetch`)).status).toBe(202);
    await waitFor(async () => (await api.get<Feed>(`/v1/feeds/${feed.id}`)).body.articleCount === count, 30_000, `${count} articles`);
  };
  const receivedGuid = (guid: string) => receiver.received.filter((r) => r.body.includes(`"guid":"${guid}"`));

  beforeAll(async () => {
    ({ feeds, receiver, api } = stack());
    feeds.set('/feed.xml', rss(items(1)));
    const created = await api.post<Webhook & { secret: string }>('/v1/webhooks', { url: `${receiver.base}/hook`, events: ['article.created'] });
    expect(created.status).toBe(201);
    hook = created.body;
    feed = (await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/feed.xml` })).body;
    await waitFor(() => receivedGuid('lifecycle-1').length > 0, 30_000, 'first delivery');
  });

  it('refuses a second identical subscription and a PATCH that would make one', async () => {
    const again = await api.post<{ code: string; webhookId: string }>('/v1/webhooks', { url: `${receiver.base}/hook`, events: ['article.created'] });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'WEBHOOK_EXISTS', webhookId: hook.id });
    const other = await api.post<Webhook>('/v1/webhooks', { url: `${receiver.base}/other`, events: ['article.created'], feedIds: [feed.id] });
    expect(other.status).toBe(201);
    // Only the feeds differ from the first: the same list of every feed would collide.
    const collide = await api.patch<{ code: string }>(`/v1/webhooks/${other.body.id}`, { url: `${receiver.base}/hook`, feedIds: null });
    expect(collide.status).toBe(409);
    expect(collide.body.code).toBe('WEBHOOK_EXISTS');
    expect((await api.delete(`/v1/webhooks/${other.body.id}`)).status).toBe(204);
  });

  it('validates a PATCH: unknown fields, unknown feeds, private URLs, unknown ids', async () => {
    expect((await api.patch<{ code: string }>(`/v1/webhooks/${hook.id}`, { secret: 'x' })).body.code).toBe('VALIDATION_ERROR');
    expect((await api.patch<{ code: string }>(`/v1/webhooks/${hook.id}`, { feedIds: ['nope'] })).body.code).toBe('FEED_NOT_FOUND');
    expect((await api.patch<{ code: string }>(`/v1/webhooks/${hook.id}`, { url: 'http://10.1.2.3/hook' })).body.code).toBe('BLOCKED_ADDRESS');
    expect((await api.patch<{ code: string }>(`/v1/webhooks/${hook.id}`, { rotateSecret: false })).body.code).toBe('VALIDATION_ERROR');
    const missing = await api.patch<{ code: string }>('/v1/webhooks/nope', { active: true });
    expect([missing.status, missing.body.code]).toEqual([404, 'WEBHOOK_NOT_FOUND']);
  });

  it('rotates the secret: returned once, and both secrets verify deliveries during the overlap', async () => {
    const oldSecret = hook.secret;
    const rotated = await api.patch<Webhook & { secret?: string }>(`/v1/webhooks/${hook.id}`, { rotateSecret: true });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret ?? '';
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const shown = await api.get<Record<string, unknown>>(`/v1/webhooks/${hook.id}`);
    expect(shown.body).not.toHaveProperty('secret');

    await publish(2);
    const delivery = await waitFor(() => receivedGuid('lifecycle-2')[0], 30_000, 'delivery after rotation');
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    const headers = delivery.headers as Record<string, string>;
    expect(new StandardWebhook(newSecret).verify(delivery.body, headers)).toMatchObject({ type: 'article.created' });
    expect(new StandardWebhook(oldSecret).verify(delivery.body, headers)).toMatchObject({ type: 'article.created' });
    hook = { ...hook, secret: newSecret };
  });

  it('pauses deliveries while disabled and delivers them once re-enabled', async () => {
    const disabled = await api.patch<Webhook>(`/v1/webhooks/${hook.id}`, { active: false });
    expect(disabled.body).toMatchObject({ active: false });
    expect(disabled.body.disabledReason).toMatch(/disabled by request/);

    await publish(3);
    const paused = await waitFor(async () => (await deliveries('paused'))[0], 30_000, 'a paused delivery');
    expect(paused).toMatchObject({ status: 'paused', attempts: 0, nextAttemptAt: null });
    expect(await deliveries('pending')).toEqual([]);

    const enabled = await api.patch<Webhook>(`/v1/webhooks/${hook.id}`, { active: true });
    expect(enabled.body).toMatchObject({ active: true, disabledReason: null });
    await waitFor(() => receivedGuid('lifecycle-3').length > 0, 30_000, 'the paused delivery');
    await waitFor(async () => (await deliveries('succeeded')).some((d) => d.id === paused.id), 30_000, 'the delivery recorded');
    expect(receivedGuid('lifecycle-3')).toHaveLength(1);
    expect(receivedGuid('lifecycle-3')[0]?.headers['webhook-id']).toBe(paused.id);
  });

  it('a 410 disables the subscription and keeps the delivery paused until a re-enable', async () => {
    receiver.respond = (request) => (request.body.includes('"guid":"lifecycle-4"') && receivedGuid('lifecycle-4').length === 0 ? 410 : 200);
    await publish(4);
    await waitFor(async () => !(await api.get<Webhook>(`/v1/webhooks/${hook.id}`)).body.active, 30_000, 'the subscription disabled by 410');
    const [paused] = await waitFor(async () => {
      const list = await deliveries('paused');
      return list.length > 0 && list;
    }, 30_000, 'the 410 delivery paused');
    expect(paused).toMatchObject({ status: 'paused', lastStatus: 410 });

    expect((await api.patch(`/v1/webhooks/${hook.id}`, { active: true })).status).toBe(200);
    await waitFor(() => receiver.accepted().some((r) => r.body.includes('"guid":"lifecycle-4"')), 30_000, 'the resumed delivery');
    const again = receivedGuid('lifecycle-4');
    expect(again.map((r) => r.status)).toEqual([410, 200]);
    // The retry is the same event: subscribers dedupe on the webhook-id.
    expect(again[0]?.headers['webhook-id']).toBe(again[1]?.headers['webhook-id']);
  });
});
