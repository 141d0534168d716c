import { describe, expect, it } from 'vitest';
import { FETCH_LOG_KEPT } from '../../src/store/fetch-log.js';
import type { FetchFailure } from '../../src/store/index.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { cleanArticle, feedInput, feedItem, fetchSuccess, sha256, useStore } from './fixtures.js';

const PLAN = { effectivePollSeconds: 900, scheduleReason: 'adaptive' } as const;

function failure(overrides: Partial<FetchFailure> = {}): FetchFailure {
  return {
    at: new Date('2024-06-02T00:00:00.000Z'),
    httpStatus: 500,
    code: 'HTTP_ERROR',
    message: 'server said 500',
    nextFetchAt: new Date('2024-06-02T00:30:00.000Z'),
    effectivePollSeconds: 1_800,
    scheduleReason: 'backoff',
    gone: false,
    durationMs: 12,
    failingAfter: 3,
    ...overrides,
  };
}

describe.each(TEST_DIALECTS)('fetch outcomes on %s', (dialect) => {
  const store = useStore(dialect);

  it('stages new items once, keeping the first of a repeated guid', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const first = feedItem('a', { title: 'first copy' });
    const document = [first, feedItem('b'), feedItem('a', { title: 'second copy' })];
    const { pendingItemIds } = await store().feeds.recordSuccess(feed.id, fetchSuccess(document));
    expect(pendingItemIds).toHaveLength(2);
    const staged = await store().items.get(pendingItemIds[0]!);
    expect(staged).toEqual({ id: pendingItemIds[0], feedId: feed.id, guidHash: sha256('a'), item: first });

    const again = await store().feeds.recordSuccess(feed.id, fetchSuccess(document));
    expect(again.pendingItemIds).toEqual([]);

    const state = await store().feeds.getFetchState(feed.id);
    expect(state).toMatchObject({ etag: '"v1"', lastModified: 'Sat, 01 Jun 2024 12:00:00 GMT' });
    expect(state?.feed).toMatchObject({
      title: 'The Feed',
      siteUrl: 'https://news.example/',
      kind: 'rss',
      status: 'active',
      lastStatus: 200,
      lastFetchedAt: '2024-06-01T12:00:00.000Z',
      lastSuccessAt: '2024-06-01T12:00:00.000Z',
      nextFetchAt: '2024-06-01T12:15:00.000Z',
    });
    const log = await store().feeds.fetchLog(feed.id, 10);
    expect(log.map((entry) => entry.newItems)).toEqual([0, 2]);
    expect(log[1]).toEqual({
      id: expect.any(String),
      at: '2024-06-01T12:00:00.000Z',
      outcome: 'ok',
      httpStatus: 200,
      error: null,
      durationMs: 42,
      newItems: 2,
      updatedItems: 0,
      items: 3,
      url: null,
      bytes: null,
      skipped: 0,
      warning: null,
    });
  });

  it('re-stages a changed item and leaves unchanged ones alone', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const { pendingItemIds } = await store().feeds.recordSuccess(feed.id, fetchSuccess([feedItem('x'), feedItem('y')]));
    const [x, y] = pendingItemIds;
    await store().articles.saveFromItem(x!, cleanArticle('x', 'text of x'), { at: new Date() });
    await store().items.markFailed(y!, 'NORMALIZE_FAILED: broken');
    expect((await store().items.pending(1000)).map((item) => item.id)).not.toContain(x);
    // Done: its staged copy is gone (the article holds the content), a failed one keeps it for a retry.
    expect(await store().items.get(x!)).toBeNull();
    expect((await store().items.get(y!))?.item.guid).toBe('y');

    const edited = feedItem('x', { title: 'edited title' });
    const { pendingItemIds: again } = await store().feeds.recordSuccess(feed.id, fetchSuccess([edited, feedItem('y')]));
    expect(again).toEqual([x]);
    expect((await store().items.get(x!))?.item).toEqual(edited);
    const pending = (await store().items.pending(1000)).map((item) => item.id);
    expect(pending).toContain(x);
    expect(pending).not.toContain(y);
  });

  it('takes the feed title only when the user gave none', async () => {
    const { feed } = await store().feeds.create(feedInput({ title: 'My name for it' }));
    await store().feeds.recordSuccess(feed.id, fetchSuccess([], { feedTitle: 'Their name' }));
    expect((await store().feeds.get(feed.id))?.title).toBe('My name for it');
    await store().feeds.update(feed.id, { title: null });
    expect((await store().feeds.get(feed.id))?.title).toBe('Their name');
  });

  it('follows a permanent redirect unless another feed has that URL', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const { feed: other } = await store().feeds.create(feedInput());
    const moved = `${feed.url}?moved`;
    await store().feeds.recordSuccess(feed.id, fetchSuccess([], { newUrl: moved }));
    expect((await store().feeds.get(feed.id))?.url).toBe(moved);
    await store().feeds.recordSuccess(feed.id, fetchSuccess([], { newUrl: other.url }));
    expect((await store().feeds.get(feed.id))?.url).toBe(moved);
  });

  it('counts failures, turns failing after the threshold and active again on success', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const first = await store().feeds.recordFailure(feed.id, failure());
    expect(first).toMatchObject({ status: 'active', consecutiveFailures: 1, lastError: 'HTTP_ERROR: server said 500', lastStatus: 500 });
    await store().feeds.recordFailure(feed.id, failure());
    const third = await store().feeds.recordFailure(feed.id, failure({ httpStatus: null, code: 'TIMEOUT', message: 'no answer' }));
    expect(third).toMatchObject({ status: 'failing', consecutiveFailures: 3, lastError: 'TIMEOUT: no answer', lastStatus: null });
    expect(third?.nextFetchAt).toBe('2024-06-02T00:30:00.000Z');
    expect(await store().feeds.due(new Date('2024-06-02T01:00:00.000Z'), 10_000)).toContain(feed.id);

    await store().feeds.recordSuccess(feed.id, fetchSuccess([], { at: new Date('2024-06-03T00:00:00.000Z') }));
    expect(await store().feeds.get(feed.id)).toMatchObject({ status: 'active', consecutiveFailures: 0, lastError: null, lastStatus: 200 });
    const log = await store().feeds.fetchLog(feed.id, 10);
    expect(log.map((entry) => entry.outcome)).toEqual(['ok', 'error', 'error', 'error']);
  });

  it('records nothing on a feed for the failure of a URL it moved away from while the fetch was under way', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const dueNow = new Date('2024-06-01T00:00:00.000Z');
    await store().feeds.update(feed.id, { url: `${feed.url}/feed.xml`, nextFetchAt: dueNow });
    const stale = await store().feeds.recordFailure(feed.id, failure({ code: 'NOT_A_FEED', message: 'a web page', feedUrl: feed.url }));
    expect(stale).toBeNull();
    expect(await store().feeds.get(feed.id)).toMatchObject({ consecutiveFailures: 0, lastError: null, nextFetchAt: dueNow.toISOString() });
    // The feed's own URL failing is recorded as before.
    const own = await store().feeds.recordFailure(feed.id, failure({ feedUrl: `${feed.url}/feed.xml` }));
    expect(own).toMatchObject({ consecutiveFailures: 1 });
  });

  it('records no success and no 304 of a URL the feed moved away from: no items staged, the move keeps it due', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const dueNow = new Date('2024-06-01T00:00:00.000Z');
    const moved = `${feed.url}/feed.xml`;
    await store().feeds.update(feed.id, { url: moved, nextFetchAt: dueNow });

    const stale = await store().feeds.recordSuccess(feed.id, fetchSuccess([feedItem('old-document')], { etag: '"old"', feedUrl: feed.url }));
    expect(stale).toEqual({ recorded: false, pendingItemIds: [] });
    await store().feeds.recordNotModified(feed.id, { at: new Date('2024-06-01T12:05:00.000Z'), nextFetchAt: new Date('2024-06-09T00:00:00.000Z'), durationMs: 3, feedUrl: feed.url, ...PLAN });
    expect(await store().feeds.get(feed.id)).toMatchObject({ url: moved, lastStatus: null, lastSuccessAt: null, nextFetchAt: dueNow.toISOString() });
    expect(await store().feeds.fetchLog(feed.id, 10)).toEqual([]);
    expect((await store().feeds.getFetchState(feed.id))?.etag).toBeNull();

    // The fetch of the URL the feed has now is recorded as ever.
    const own = await store().feeds.recordSuccess(feed.id, fetchSuccess([feedItem('new-document')], { feedUrl: moved }));
    expect(own.recorded).toBe(true);
    expect(own.pendingItemIds).toHaveLength(1);
    await store().feeds.recordNotModified(feed.id, { at: new Date('2024-06-01T12:06:00.000Z'), nextFetchAt: new Date(), durationMs: 3, feedUrl: moved, ...PLAN });
    expect((await store().feeds.get(feed.id))?.lastStatus).toBe(304);
  });

  it('stops polling a gone feed', async () => {
    const { feed } = await store().feeds.create(feedInput({ nextFetchAt: new Date('2024-01-01T00:00:00.000Z') }));
    const gone = await store().feeds.recordFailure(feed.id, failure({ httpStatus: 410, code: 'GONE', message: 'feed removed', gone: true }));
    expect(gone).toMatchObject({ status: 'gone', nextFetchAt: null, lastStatus: 410 });
    expect(await store().feeds.due(new Date('2099-01-01T00:00:00.000Z'), 100_000)).not.toContain(feed.id);
    const again = await store().feeds.recordFailure(feed.id, failure());
    expect(again?.status).toBe('gone');
  });

  it('records a 304 as a success without items', async () => {
    const { feed } = await store().feeds.create(feedInput());
    await store().feeds.recordFailure(feed.id, failure());
    await store().feeds.recordNotModified(feed.id, {
      at: new Date('2024-06-03T00:00:00.000Z'),
      nextFetchAt: new Date('2024-06-03T01:00:00.000Z'),
      durationMs: 5,
      effectivePollSeconds: 3_600,
      scheduleReason: 'ttl',
    });
    expect(await store().feeds.get(feed.id)).toMatchObject({
      status: 'active',
      consecutiveFailures: 0,
      lastStatus: 304,
      lastError: null,
      lastSuccessAt: '2024-06-03T00:00:00.000Z',
      nextFetchAt: '2024-06-03T01:00:00.000Z',
      effectivePollSeconds: 3_600,
      scheduleReason: 'ttl',
    });
    expect((await store().feeds.fetchLog(feed.id, 1))[0]).toMatchObject({ outcome: 'not_modified', httpStatus: 304, newItems: 0 });
  });

  it('counts a skipped item on the fetch that staged it, not on a 304 or a failure that landed after it', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const { pendingItemIds } = await store().feeds.recordSuccess(feed.id, fetchSuccess([feedItem('kept'), feedItem('dropped')]));
    await store().feeds.recordNotModified(feed.id, { at: new Date('2024-06-01T12:05:00.000Z'), nextFetchAt: new Date(), durationMs: 3, ...PLAN });
    await store().feeds.recordFailure(feed.id, failure({ at: new Date('2024-06-01T12:06:00.000Z') }));
    await store().items.markSkipped(pendingItemIds[1]!, 'filtered: exclude');
    const log = await store().feeds.fetchLog(feed.id, 10);
    expect(log.map((entry) => [entry.outcome, entry.skipped])).toEqual([
      ['error', 0],
      ['not_modified', 0],
      ['ok', 1],
    ]);
  });

  it('keeps a paused feed paused whatever a manual fetch returns', async () => {
    const { feed } = await store().feeds.create(feedInput());
    await store().feeds.update(feed.id, { status: 'paused' });
    await store().feeds.recordSuccess(feed.id, fetchSuccess([]));
    for (let i = 0; i < 3; i += 1) await store().feeds.recordFailure(feed.id, failure());
    expect((await store().feeds.get(feed.id))?.status).toBe('paused');
  });

  it(`keeps the last ${FETCH_LOG_KEPT} fetch outcomes of a feed, newest first`, async () => {
    const { feed } = await store().feeds.create(feedInput());
    const total = FETCH_LOG_KEPT + 5;
    for (let i = 0; i < total; i += 1) {
      const at = new Date(Date.UTC(2024, 0, 1, 0, i));
      await store().feeds.recordNotModified(feed.id, { at, nextFetchAt: at, durationMs: i, ...PLAN });
    }
    const log = await store().feeds.fetchLog(feed.id, 1_000);
    expect(log).toHaveLength(FETCH_LOG_KEPT);
    expect(log[0]?.durationMs).toBe(total - 1);
    expect(log[FETCH_LOG_KEPT - 1]?.durationMs).toBe(5);
  });

  it('lists due feeds oldest first, never paused or future ones', async () => {
    const early = await store().feeds.create(feedInput({ nextFetchAt: new Date('2001-01-01T00:00:00.000Z') }));
    const later = await store().feeds.create(feedInput({ nextFetchAt: new Date('2001-01-02T00:00:00.000Z') }));
    const future = await store().feeds.create(feedInput({ nextFetchAt: new Date('2001-02-01T00:00:00.000Z') }));
    const paused = await store().feeds.create(feedInput({ nextFetchAt: new Date('2001-01-01T00:00:00.000Z') }));
    await store().feeds.update(paused.feed.id, { status: 'paused' });
    const due = await store().feeds.due(new Date('2001-01-03T00:00:00.000Z'), 100);
    expect(due).toEqual([early.feed.id, later.feed.id]);
    expect(due).not.toContain(future.feed.id);
  });

  it('ignores outcomes for a feed deleted meanwhile', async () => {
    const { feed } = await store().feeds.create(feedInput());
    await store().feeds.delete(feed.id, { purge: false });
    expect(await store().feeds.recordSuccess(feed.id, fetchSuccess([feedItem('late')]))).toEqual({ recorded: false, pendingItemIds: [] });
    expect(await store().feeds.recordFailure(feed.id, failure())).toBeNull();
    await store().feeds.recordNotModified(feed.id, { at: new Date(), nextFetchAt: new Date(), durationMs: 1, ...PLAN });
    expect(await store().feeds.fetchLog(feed.id, 10)).toEqual([]);
  });

  it('takes skipped and failed items out of the pending list', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const { pendingItemIds } = await store().feeds.recordSuccess(feed.id, fetchSuccess([feedItem('s1'), feedItem('s2')]));
    await store().items.markSkipped(pendingItemIds[0]!, 'excluded by filter "sponsored"');
    const pending = (await store().items.pending(10_000)).map((item) => item.id);
    expect(pending).toContain(pendingItemIds[1]);
    expect(pending).not.toContain(pendingItemIds[0]);
    const saved = await store().articles.saveFromItem(pendingItemIds[0]!, cleanArticle('s1', 'skipped text'), { at: new Date() });
    expect(saved).toEqual({ article: null, event: null, deliveryIds: [], skipped: 'unchanged' });
  });

  it('counts skipped items on the fetch that staged them, once each', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const { pendingItemIds } = await store().feeds.recordSuccess(feed.id, fetchSuccess([feedItem('k1'), feedItem('k2'), feedItem('k3')]));
    await store().items.markSkipped(pendingItemIds[0]!, 'excluded by filter "sponsored"');
    await store().items.markSkipped(pendingItemIds[0]!, 'excluded by filter "sponsored"');
    await store().items.markNotAnArticle(pendingItemIds[1]!, feed.id, 'a comment, not an article');
    const [newest] = await store().feeds.fetchLog(feed.id, 1);
    expect(newest).toMatchObject({ newItems: 3, skipped: 2 });
  });

  it('stages a large document in batches', async () => {
    const { feed } = await store().feeds.create(feedInput());
    const items = Array.from({ length: 1_200 }, (_, i) => feedItem(`bulk-${i}`));
    const { pendingItemIds } = await store().feeds.recordSuccess(feed.id, fetchSuccess(items));
    expect(pendingItemIds).toHaveLength(1_200);
    expect((await store().items.get(pendingItemIds[1_199]!))?.item.guid).toBe('bulk-1199');
    expect((await store().feeds.recordSuccess(feed.id, fetchSuccess(items))).pendingItemIds).toEqual([]);
  });
});
