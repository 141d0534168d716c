import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedItem, feedWithItems, fetchSuccess, unique, useStore } from './fixtures.js';

const AT = new Date('2024-06-01T12:00:00.000Z');
const SECRET = 'whsec_c2VjcmV0IGJ5dGVzIGZvciB0ZXN0cw==';

/** A webhook for one new feed, and the deliveries of `count` articles of that feed (oldest first). */
async function subscriptionWithDeliveries(store: Store, count: number) {
  const guids = Array.from({ length: count }, (_, i) => unique(`d${i}`));
  const { feedId, itemIds } = await feedWithItems(store, guids);
  const webhook = await store.webhooks.create({ url: `https://${unique('hook')}.example/in`, secret: SECRET, feedIds: [feedId], events: ['article.created'] });
  const deliveryIds: string[] = [];
  const articleIds: string[] = [];
  for (const [i, guid] of guids.entries()) {
    const saved = await store.articles.saveFromItem(itemIds[i]!, cleanArticle(guid, `delivery ${guid} ${unique('w')}`), { at: AT });
    deliveryIds.push(...saved.deliveryIds);
    articleIds.push(saved.article!.id);
  }
  return { webhook, feedId, deliveryIds, articleIds };
}

describe.each(TEST_DIALECTS)('webhooks and deliveries on %s', (dialect) => {
  const store = useStore(dialect);

  it('hands the secret to the deliver worker only', async () => {
    const { webhook, deliveryIds, articleIds } = await subscriptionWithDeliveries(store(), 1);
    expect(webhook).not.toHaveProperty('secret');
    expect(await store().webhooks.get(webhook.id)).toEqual(webhook);
    expect(await store().webhooks.get(webhook.id)).not.toHaveProperty('secret');
    for (const listed of await store().webhooks.list()) expect(listed).not.toHaveProperty('secret');
    expect(webhook).toMatchObject({ active: true, disabledReason: null, events: ['article.created'] });

    const job = await store().deliveries.loadJob(deliveryIds[0]!);
    expect(job?.webhook).toEqual({ ...webhook, secret: SECRET, previousSecret: null });
    expect(job?.article.id).toBe(articleIds[0]);
    expect(job?.delivery.id).toBe(deliveryIds[0]);
    expect(await store().deliveries.loadJob('no-such-delivery')).toBeNull();
  });

  it("a save's article is the article a read gives, to the JSON a webhook carries, so the first attempt need not read it back", async () => {
    const guids = [unique('plain'), unique('alt')];
    const { feedId, itemIds } = await feedWithItems(store(), guids);
    await store().webhooks.create({ url: `https://${unique('hook')}.example/in`, secret: SECRET, feedIds: [feedId], events: ['article.created'] });
    const saved = await store().articles.saveFromItems(
      [
        { itemId: itemIds[0]!, clean: cleanArticle(guids[0]!, `plain ${unique('w')}`, { provenance: { extractor: 'feed', fullTextReason: null, skipped: null, rules: [], edges: [] } }) },
        { itemId: itemIds[1]!, clean: cleanArticle(guids[1]!, `with alt ${unique('w')}`, { imageUrl: 'https://img.example/a.jpg', imageAlt: 'A lake', enclosures: [] }) },
      ],
      { at: AT },
    );
    const deliveryIds = saved.flatMap((result) => result.deliveryIds);
    const read = await store().deliveries.loadJobs(deliveryIds);
    expect(read.map((job) => JSON.stringify(job.article))).toEqual(saved.map((result) => JSON.stringify(result.article)));
    const known = new Map(saved.map((result) => [result.article!.id, result.article!]));
    const given = await store().deliveries.loadJobs(deliveryIds, known);
    expect(given.map((job) => job.article)).toEqual(saved.map((result) => result.article));
    expect(given.map((job) => job.delivery)).toEqual(read.map((job) => job.delivery));
  });

  it('retries, fails for good, and goes back to pending by hand', async () => {
    const { webhook, deliveryIds } = await subscriptionWithDeliveries(store(), 1);
    const id = deliveryIds[0]!;
    expect(await store().deliveries.due(AT, 100_000)).toContain(id);

    const retryAt = new Date('2024-06-01T12:05:00.000Z');
    const retry = await store().deliveries.recordAttempt(id, { at: AT, ok: false, httpStatus: 500, error: 'HTTP 500', nextAttemptAt: retryAt, disableWebhook: false });
    expect(retry).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: retryAt.toISOString() });
    expect(await store().deliveries.due(AT, 100_000)).not.toContain(id);
    expect(await store().deliveries.due(retryAt, 100_000)).toContain(id);

    const failed = await store().deliveries.recordAttempt(id, { at: retryAt, ok: false, httpStatus: null, error: 'timeout', nextAttemptAt: null, disableWebhook: false });
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, lastStatus: null, lastError: 'timeout', nextAttemptAt: null });
    expect(await store().deliveries.due(new Date('2099-01-01T00:00:00.000Z'), 100_000)).not.toContain(id);

    const other = await subscriptionWithDeliveries(store(), 0);
    expect(await store().deliveries.resetForRetry(other.webhook.id, id, AT)).toBe(false);
    expect(await store().deliveries.resetForRetry(webhook.id, 'no-such-delivery', AT)).toBe(false);
    const now = new Date('2024-06-02T00:00:00.000Z');
    expect(await store().deliveries.resetForRetry(webhook.id, id, now)).toBe(true);
    expect(await store().deliveries.get(id)).toMatchObject({ status: 'pending', attempts: 2, lastError: 'timeout', nextAttemptAt: now.toISOString() });
    expect(await store().deliveries.due(now, 100_000)).toContain(id);

    const ok = await store().deliveries.recordAttempt(id, { at: now, ok: true, httpStatus: 204, error: null, nextAttemptAt: null, disableWebhook: false });
    expect(ok).toMatchObject({ status: 'succeeded', attempts: 3, lastStatus: 204, lastError: null, nextAttemptAt: null });
    expect(await store().deliveries.recordAttempt('no-such-delivery', { at: now, ok: true, httpStatus: 200, error: null, nextAttemptAt: null, disableWebhook: false })).toBeNull();
  });

  it('disables a subscription that answered 410 and stops its due deliveries', async () => {
    const { webhook, deliveryIds } = await subscriptionWithDeliveries(store(), 2);
    await store().deliveries.recordAttempt(deliveryIds[0]!, { at: AT, ok: false, httpStatus: 410, error: 'HTTP 410', nextAttemptAt: null, disableWebhook: true });
    const disabled = await store().webhooks.get(webhook.id);
    expect(disabled?.active).toBe(false);
    expect(disabled?.disabledReason).toContain('410');
    expect(await store().deliveries.due(new Date('2099-01-01T00:00:00.000Z'), 100_000)).not.toContain(deliveryIds[1]);
    // Neither is lost: both wait as paused for the subscription to be re-enabled.
    for (const id of deliveryIds) expect(await store().deliveries.get(id)).toMatchObject({ status: 'paused', nextAttemptAt: null });
    const resumed = await store().webhooks.update(webhook.id, { active: true }, AT);
    expect(resumed.kind === 'updated' && [...resumed.resumedDeliveryIds].sort()).toEqual([...deliveryIds].sort());
    for (const id of deliveryIds) expect(await store().deliveries.get(id)).toMatchObject({ status: 'pending', nextAttemptAt: AT.toISOString() });
  });

  it('rotates a secret: the previous one signs until its overlap ends', async () => {
    const { webhook, deliveryIds } = await subscriptionWithDeliveries(store(), 1);
    const newSecret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const until = new Date(Date.now() + 60_000);
    expect((await store().webhooks.update(webhook.id, { rotate: { secret: newSecret, previousSecretUntil: until } }, new Date())).kind).toBe('updated');
    expect((await store().deliveries.loadJob(deliveryIds[0]!))?.webhook).toMatchObject({ secret: newSecret, previousSecret: SECRET });
    const past = new Date(Date.now() - 1);
    await store().webhooks.update(webhook.id, { rotate: { secret: SECRET, previousSecretUntil: past } }, new Date());
    expect((await store().deliveries.loadJob(deliveryIds[0]!))?.webhook).toMatchObject({ secret: SECRET, previousSecret: null });
  });

  it('creates paused deliveries for a disabled subscription, and refuses a duplicate subscription', async () => {
    const { webhook, feedId } = await subscriptionWithDeliveries(store(), 0);
    await store().webhooks.update(webhook.id, { active: false }, AT);
    const { pendingItemIds } = await store().feeds.recordSuccess(feedId, fetchSuccess([feedItem(unique('paused'))]));
    const saved = await store().articles.saveFromItem(pendingItemIds[0]!, cleanArticle(unique('paused'), 'text while disabled'), { at: AT });
    expect(saved.deliveryIds).toEqual([]);
    const listed = await store().deliveries.list(webhook.id, { status: 'paused', limit: 10 });
    expect(listed.items).toHaveLength(1);
    await expect(store().webhooks.create({ url: webhook.url, secret: SECRET, feedIds: webhook.feedIds, events: webhook.events })).rejects.toMatchObject({
      code: 'WEBHOOK_EXISTS',
      details: { webhookId: webhook.id },
    });
  });

  it('pages a subscription\'s deliveries newest first, filtered by status', async () => {
    const { webhook, deliveryIds } = await subscriptionWithDeliveries(store(), 5);
    await store().deliveries.recordAttempt(deliveryIds[2]!, { at: AT, ok: true, httpStatus: 200, error: null, nextAttemptAt: null, disableWebhook: false });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store().deliveries.list(webhook.id, { limit: 2, cursor });
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([...deliveryIds].reverse());
    const succeeded = await store().deliveries.list(webhook.id, { status: 'succeeded', limit: 10 });
    expect(succeeded.items.map((d) => d.id)).toEqual([deliveryIds[2]]);
    await expect(store().deliveries.list(webhook.id, { limit: 2, cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('counts deliveries by status and deletes them with their subscription', async () => {
    const before = await store().deliveries.countByStatus();
    const { webhook, deliveryIds } = await subscriptionWithDeliveries(store(), 2);
    await store().deliveries.recordAttempt(deliveryIds[0]!, { at: AT, ok: false, httpStatus: 400, error: 'HTTP 400', nextAttemptAt: null, disableWebhook: false });
    const after = await store().deliveries.countByStatus();
    expect(after).toEqual({ pending: before.pending + 1, succeeded: before.succeeded, failed: before.failed + 1, paused: before.paused });

    expect(await store().webhooks.delete(webhook.id)).toBe(true);
    expect(await store().webhooks.delete(webhook.id)).toBe(false);
    expect(await store().deliveries.get(deliveryIds[0]!)).toBeNull();
    expect(await store().deliveries.countByStatus()).toEqual(before);
  });
});
