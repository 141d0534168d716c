/** RETENTION_DAYS on both dialects: old articles and finished deliveries go, counts follow, pending work stays. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { applyContentRetention } from '../../workers/reconciler.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedWithItems, unique, useStore } from './fixtures.js';

const DAY = 86_400_000;

describe.each(TEST_DIALECTS)('retention on %s', (dialect) => {
  const store = useStore(dialect);

  it('removes articles and finished deliveries past RETENTION_DAYS, keeps the rest', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 40 * DAY);
    const guids = [unique('old'), unique('old'), unique('new')];
    const { feedId, itemIds } = await feedWithItems(store(), guids);
    const webhook = await store().webhooks.create({ url: `https://${unique('hook')}.example/in`, secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}`, feedIds: [feedId], events: ['article.created'] });
    const saved = [];
    for (const [i, guid] of guids.entries()) {
      saved.push(await store().articles.saveFromItem(itemIds[i]!, cleanArticle(guid, `retention text ${guid}`), { at: i < 2 ? old : now }));
    }
    // One old delivery succeeded; the other old one is still pending (work not done yet stays).
    const [doneDelivery, pendingDelivery] = [saved[0]!.deliveryIds[0]!, saved[1]!.deliveryIds[0]!];
    await store().deliveries.recordAttempt(doneDelivery, { at: old, ok: true, httpStatus: 200, error: null, nextAttemptAt: null, disableWebhook: false });
    expect((await store().feeds.get(feedId))?.articleCount).toBe(3);

    const config = { ...loadConfig({}), retentionDays: 30 };
    const kept = await applyContentRetention({ store: store(), config: { ...config, retentionDays: 0 } }, now);
    expect(kept).toEqual({ articles: 0, deliveries: 0 });

    const removed = await applyContentRetention({ store: store(), config }, now);
    expect(removed.articles).toBeGreaterThanOrEqual(1);
    expect(removed.deliveries).toBeGreaterThanOrEqual(1);
    expect(await store().articles.get(saved[0]!.article!.id)).toBeNull();
    // Still owed to a subscriber: it stays until delivered.
    expect(await store().articles.get(saved[1]!.article!.id)).not.toBeNull();
    expect(await store().articles.get(saved[2]!.article!.id)).not.toBeNull();
    expect((await store().feeds.get(feedId))?.articleCount).toBe(2);
    expect(await store().deliveries.get(doneDelivery)).toBeNull();
    expect(await store().deliveries.get(pendingDelivery)).toMatchObject({ status: 'pending' });
    expect((await store().deliveries.list(webhook.id, { limit: 10 })).items.map((d) => d.id).sort()).toEqual([pendingDelivery, ...saved[2]!.deliveryIds].sort());

    // Delivered at last (long ago): the next sweep takes it.
    await store().deliveries.recordAttempt(pendingDelivery, { at: old, ok: true, httpStatus: 200, error: null, nextAttemptAt: null, disableWebhook: false });
    await applyContentRetention({ store: store(), config }, now);
    expect(await store().articles.get(saved[1]!.article!.id)).toBeNull();
    expect((await store().articles.list({ q: guids[0]!, limit: 5 })).items).toEqual([]);
  });
});
