import { describe, expect, it } from 'vitest';
import type { DestinationCreate, Store } from '../../src/store/index.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedItem, feedWithItems, fetchSuccess, unique, useStore } from './fixtures.js';

const AT = new Date('2024-06-01T12:00:00.000Z');

function destinationInput(overrides: Partial<DestinationCreate> = {}): DestinationCreate {
  return {
    url: `https://${unique('blog')}.example/`,
    apiUrl: 'https://blog.example/wp-json/',
    username: 'editor',
    passwordSealed: 'fl1:00000000:c2VhbGVk',
    status: 'draft',
    feedIds: null,
    authorId: null,
    categories: ['News'],
    copyCategories: true,
    copyTags: false,
    featuredImage: true,
    template: null,
    ...overrides,
  };
}

/** A feed with `count` saved articles; returns their delivery ids per article (created events). */
async function articlesFor(store: Store, count: number) {
  const guids = Array.from({ length: count }, (_, i) => unique(`p${i}`));
  const { feedId, itemIds } = await feedWithItems(store, guids);
  const saved = [];
  for (const [i, guid] of guids.entries()) saved.push(await store.articles.saveFromItem(itemIds[i]!, cleanArticle(guid, `post ${guid}`), { at: AT }));
  return { feedId, saved };
}

describe.each(TEST_DIALECTS)('destinations on %s', (dialect) => {
  const store = useStore(dialect);

  it('keeps the sealed password out of every public read', async () => {
    const created = await store().destinations.create(destinationInput());
    expect(created).not.toHaveProperty('passwordSealed');
    expect(created).toMatchObject({ type: 'wordpress', status: 'draft', categories: ['News'], copyCategories: true, copyTags: false, featuredImage: true, enabled: true, feedIds: null });
    expect(await store().destinations.get(created.id)).toEqual(created);
    for (const listed of await store().destinations.list()) expect(listed).not.toHaveProperty('passwordSealed');
    expect(await store().destinations.getWithCredentials(created.id)).toMatchObject({ apiUrl: 'https://blog.example/wp-json/', passwordSealed: 'fl1:00000000:c2VhbGVk' });

    const patched = await store().destinations.update(created.id, { status: 'publish', enabled: false, template: '{{title}}', authorId: 3 });
    expect(patched).toMatchObject({ status: 'publish', enabled: false, template: '{{title}}', authorId: 3, categories: ['News'] });
    expect(await store().destinations.update('nope', { enabled: true })).toBeNull();
    expect(await store().destinations.delete(created.id)).toBe(true);
    expect(await store().destinations.get(created.id)).toBeNull();
  });

  it('gets one delivery per article event, for its feeds only, while enabled; they are due and loadable', async () => {
    const other = await articlesFor(store(), 0);
    const everything = await store().destinations.create(destinationInput());
    const elsewhere = await store().destinations.create(destinationInput({ feedIds: [other.feedId] }));
    const off = await store().destinations.create(destinationInput());
    await store().destinations.update(off.id, { enabled: false });

    const { saved } = await articlesFor(store(), 2);
    const ids = saved.flatMap((s) => s.deliveryIds);
    const deliveries = await Promise.all(ids.map((id) => store().deliveries.get(id)));
    const mine = deliveries.filter((d) => d!.destinationId === everything.id);
    expect(mine).toHaveLength(2);
    expect(deliveries.some((d) => d!.destinationId === elsewhere.id || d!.destinationId === off.id)).toBe(false);
    expect(mine.every((d) => d!.webhookId === null && d!.status === 'pending' && d!.remoteId === null)).toBe(true);
    const due = await store().deliveries.due(AT, 100_000);
    for (const d of mine) expect(due).toContain(d!.id);

    const job = await store().destinations.loadDeliveryJob(mine[0]!.id);
    expect(job).toMatchObject({ destination: { id: everything.id, passwordSealed: 'fl1:00000000:c2VhbGVk' }, post: null, waitsFor: null });
    expect(job!.article.id).toBe(mine[0]!.articleId);
    // A webhook's reader does not take a destination's delivery, nor the other way round.
    expect(await store().deliveries.loadJob(mine[0]!.id)).toBeNull();
    expect(await store().destinations.loadDeliveryJob('no-such-delivery')).toBeNull();

    const page = await store().destinations.deliveries(everything.id, { limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const next = await store().destinations.deliveries(everything.id, { limit: 1, cursor: page.nextCursor });
    expect(new Set([page.items[0]!.id, next.items[0]!.id])).toEqual(new Set(mine.map((d) => d!.id)));

    // Disabled: not due; enabled again: due.
    await store().destinations.update(everything.id, { enabled: false });
    expect(await store().deliveries.due(AT, 100_000)).not.toContain(mine[0]!.id);
    await store().destinations.update(everything.id, { enabled: true });
    expect(await store().deliveries.due(AT, 100_000)).toContain(mine[0]!.id);
  });

  it('records one slug per article, the post, and the attempt; a later delivery waits for an older pending one', async () => {
    const destination = await store().destinations.create(destinationInput({ feedIds: [] }));
    const guid = unique('slug');
    const { feedId, itemIds } = await feedWithItems(store(), [guid]);
    await store().destinations.update(destination.id, { feedIds: [feedId] });
    const first = await store().articles.saveFromItem(itemIds[0]!, cleanArticle(guid, `first text ${guid}`), { at: AT });
    const article = first.article!;
    // Destinations of the other tests (every feed) get theirs too: this one's is picked out.
    const mine = async (ids: string[]) => {
      for (const id of ids) if ((await store().deliveries.get(id))?.destinationId === destination.id) return id;
      return undefined;
    };
    const created = await mine(first.deliveryIds);
    expect(created).toBeDefined();

    expect(await store().destinations.claimSlug(destination.id, article.id, 'first-slug', AT)).toEqual({ slug: 'first-slug', claimed: true });
    expect(await store().destinations.claimSlug(destination.id, article.id, 'second-slug', AT)).toEqual({ slug: 'first-slug', claimed: false });
    expect(await store().destinations.claimSlug(destination.id, article.id, 'first-slug', AT)).toEqual({ slug: 'first-slug', claimed: false });
    await store().destinations.recordPost(destination.id, article.id, { id: '42', url: 'https://blog.example/42' }, AT);
    expect((await store().destinations.loadDeliveryJob(created!))!.post).toEqual({ slug: 'first-slug', remoteId: '42', remoteUrl: 'https://blog.example/42' });

    // The source edits the article while its creation is still pending: the update waits for it.
    const later = new Date(AT.getTime() + 1_000);
    const { pendingItemIds } = await store().feeds.recordSuccess(feedId, fetchSuccess([feedItem(guid, { contentHtml: '<p>edited</p>' })], { at: later }));
    const second = await store().articles.saveFromItem(pendingItemIds[0]!, cleanArticle(guid, `edited text ${guid}`), { at: later });
    expect(second.event).toBe('article.updated');
    const updated = await mine(second.deliveryIds);
    expect((await store().destinations.loadDeliveryJob(updated!))!.waitsFor).toBe(created);

    const retry = new Date(AT.getTime() + 60_000);
    const attempt = await store().deliveries.recordAttempt(created!, { at: AT, ok: false, httpStatus: 503, error: 'busy', nextAttemptAt: retry, disableWebhook: false });
    expect(attempt).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503 });
    expect((await store().destinations.loadDeliveryJob(updated!))!.waitsFor).toBe(created);
    const done = await store().deliveries.recordAttempt(created!, { at: retry, ok: true, httpStatus: 201, error: null, nextAttemptAt: null, disableWebhook: false, remote: { id: '42', url: 'https://blog.example/42' } });
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, remoteId: '42', remoteUrl: 'https://blog.example/42', lastError: null });
    expect((await store().destinations.loadDeliveryJob(updated!))!.waitsFor).toBeNull();

    expect(await store().destinations.resetDeliveryForRetry('other-destination', created!, AT)).toBe(false);
    expect(await store().destinations.resetDeliveryForRetry(destination.id, created!, AT)).toBe(true);
    expect((await store().deliveries.get(created!))!.status).toBe('pending');
  });
});
