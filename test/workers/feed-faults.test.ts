/**
 * Every way a registered feed's document can go bad shows on the feed
 * (issues 12 and 14): salvaged XML sets `lastWarning`; XML with nothing
 * usable, an HTML page, an empty body, a feed of empty items are failures
 * whose `lastError` names the cause, counted toward `failing`; the next good
 * document clears both. The real service (API, workers, Redis, store) on
 * both dialects, feeds from a local server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service.js';
import type { Feed } from '../../src/store/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { rss, startFeedServer, waitFor, type FeedServer } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';

const story = (n: number) => ({
  guid: `fault-${n}`,
  title: `Story ${n}`,
  body: `<p>Story ${n} is about a harbour and the boats in it.</p>`,
  date: `2026-11-${String(10 + n).padStart(2, '0')}T08:00:00Z`,
});

const SALVAGEABLE = `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken but readable</title>
<item><title>Fish & chips</title><link>https://news.example/fish?a=1&b=2</link><guid>fault-3</guid>
<description>Caf&eacute; review <p>with an unclosed paragraph</description></item>
<item><title>Cut short</title><guid>fault-4</guid><description>The body ends here`;

const BAD_DOCUMENTS: [string, string, string, RegExp][] = [
  ['XML with nothing usable', '<?xml version="1.0"?><rss version="2.0"><channel><title>Gone wrong</title><<<>>> &', 'application/rss+xml', /^MALFORMED_FEED: .*not well-formed/],
  ['an HTML page', '<!doctype html><html><head><title>Moved</title></head><body><p>We moved.</p></body></html>', 'text/html', /^NOT_A_FEED: .*web page/],
  ['an empty body', '', 'application/rss+xml', /^EMPTY_DOCUMENT: .*empty/],
  ['items that are all empty', '<rss version="2.0"><channel><title>Shells</title><item></item><item><guid>x</guid></item></channel></rss>', 'application/rss+xml', /^NO_VALID_ITEMS: /],
];

describe.each(['sqlite', 'postgres'] as const)('feed faults on %s', (dialect) => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let service: RunningService;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    feeds = await startFeedServer();
    db = await createTestDatabase(dialect);
    // No retry of a failure comes before the next manual fetch: every fetch below is the test's own.
    service = await startTestService(testConfig(db.url, { FAILING_AFTER: '3', JOB_LOCK_MS: '60000', MIN_POLL_SECONDS: '3600' }));
    api = apiClient(service.url!);
  });
  afterAll(async () => {
    await service.close();
    await flushPrefix(service.config.queuePrefix);
    await db.cleanup();
    await feeds.close();
  });

  const getFeed = async (id: string) => (await api.get<Feed>(`/v1/feeds/${id}`)).body;

  /** Asks for a fetch now and waits until it has been recorded (lastFetchedAt moves). */
  async function fetchNow(id: string): Promise<Feed> {
    const before = (await getFeed(id)).lastFetchedAt;
    expect((await api.post(`/v1/feeds/${id}/fetch`)).status).toBe(202);
    return waitFor(async () => {
      const feed = await getFeed(id);
      return feed.lastFetchedAt !== before ? feed : undefined;
    }, 30_000, 'the fetch to be recorded');
  }

  it('warns on salvaged XML, fails with the cause on unusable documents (then failing), and clears both on success', async () => {
    feeds.set('/feed.xml', rss([story(2), story(1)]));
    const created = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/feed.xml`, fullText: 'never' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await waitFor(async () => ((await getFeed(id)).articleCount === 2 ? true : undefined), 30_000, 'the first two articles');
    expect((await getFeed(id)).lastWarning).toBeNull();

    feeds.set('/feed.xml', SALVAGEABLE);
    const salvaged = await fetchNow(id);
    expect(salvaged).toMatchObject({ status: 'active', lastError: null, consecutiveFailures: 0 });
    expect(salvaged.lastWarning).toMatch(/not well-formed .*bare "&".*(undeclared entity|not closed|never closed)/);
    const titles = await waitFor(async () => {
      const res = await api.get<{ items: { title: string }[] }>(`/v1/articles?feedId=${id}&limit=50`);
      const found = res.body.items.map((a) => a.title);
      return found.length === 4 ? found : undefined;
    }, 30_000, 'the salvaged articles');
    expect(titles).toEqual(expect.arrayContaining(['Fish & chips', 'Cut short']));

    const seen: Feed[] = [];
    for (const [, body, type, cause] of BAD_DOCUMENTS) {
      feeds.set('/feed.xml', body, type);
      const failed = await fetchNow(id);
      expect(failed.lastError).toMatch(cause);
      seen.push(failed);
    }
    // Each trigger makes the feed due now, and the scheduler's own scan may read it due just before the triggered
    // fetch records its failure and fetch it once more: a count may grow by two, never stay put or go back.
    const counts = seen.map((f) => f.consecutiveFailures);
    expect(counts[0]).toBe(1);
    counts.slice(1).forEach((count, i) => expect(count - counts[i]!).toBeOneOf([1, 2]));
    expect(seen.map((f) => f.status)).toEqual(counts.map((count) => (count >= 3 ? 'failing' : 'active')));
    const failing = await api.get<{ items: Feed[] }>('/v1/feeds?status=failing&limit=100');
    expect(failing.body.items.map((f) => f.id)).toContain(id);

    feeds.set('/feed.xml', rss([story(5), story(2), story(1)]));
    const recovered = await fetchNow(id);
    expect(recovered).toMatchObject({ status: 'active', lastError: null, lastWarning: null, consecutiveFailures: 0 });
  });
});
