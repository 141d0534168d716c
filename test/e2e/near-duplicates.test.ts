/**
 * The same wire story in two feeds, end to end on real parts: two feeds served
 * on 127.0.0.1 carry it under other headlines, URLs (one with a tracking
 * parameter) and footers, with one sentence reworded. The workers store one
 * article with the second feed as its other source, and the subscriber hears
 * of it once. Runs on SQLite and on PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import type { Delivery, Feed } from '../../src/store/types.js';
import { FOOTER_A, FOOTER_B, OTHER_BRIDGE_STORY, WIRE_STORY } from '../dedupe/stories.js';
import { rss, waitFor } from '../helpers/http-servers.js';
import { useServiceStack } from '../helpers/service.js';

const html = (paragraphs: string[]) => paragraphs.map((p) => `<p>${p}</p>`).join('');

describe.each(['sqlite', 'postgres'] as const)('near-duplicate stories end to end on %s', (dialect) => {
  const stack = useServiceStack(dialect);

  it('stores the story once, the second feed as its other source, and announces it once', async () => {
    const { api, feeds, receiver, articlesOf } = stack();
    const hook = await api.post<{ id: string }>('/v1/webhooks', { url: `${receiver.base}/hook` });
    expect(hook.status).toBe(201);

    feeds.set(
      '/daily.xml',
      rss(
        [
          { guid: 'daily-1', title: 'City to rebuild cracked Harlow Street bridge', link: 'https://riverton-daily.example/2026/bridge-rebuild', body: html([...WIRE_STORY, FOOTER_A]), date: '2026-11-20T08:00:00Z' },
          { guid: 'daily-2', title: 'East bank hears detour plans', link: 'https://riverton-daily.example/2026/detours', body: html(OTHER_BRIDGE_STORY), date: '2026-11-20T07:00:00Z' },
        ],
        'Riverton Daily',
      ),
    );
    const daily = (await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/daily.xml` })).body;
    await waitFor(async () => (await articlesOf(daily.id)).length === 2, 20_000, 'the first feed\'s two articles');
    const original = (await articlesOf(daily.id)).find((a) => a.guid === 'daily-1')!;

    const reworded = WIRE_STORY.map((p, i) => (i === 2 ? p.replace('plainly', 'clearly').replace('she said.', 'she told reporters.') : p));
    feeds.set(
      '/courier.xml',
      rss(
        [
          {
            guid: 'courier-77',
            title: 'Harlow Street bridge will be replaced, council decides',
            link: 'https://valley-courier.example/news/harlow-bridge?utm_source=rss&utm_medium=feed',
            body: html([...reworded, FOOTER_B]),
            date: '2026-11-20T09:30:00Z',
          },
        ],
        'Valley Courier',
      ),
    );
    const courier = (await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/courier.xml` })).body;

    const shown = await waitFor(
      async () => {
        const res = await api.get<Article>(`/v1/articles/${original.id}`);
        return res.body.sources?.length === 1 ? res.body : undefined;
      },
      20_000,
      'the second feed as a source',
    );
    expect(shown.sources![0]).toMatchObject({
      feedId: courier.id,
      guid: 'courier-77',
      url: 'https://valley-courier.example/news/harlow-bridge',
      title: 'Harlow Street bridge will be replaced, council decides',
    });
    expect(shown.sources![0]!.similarity).toBeGreaterThanOrEqual(0.5);
    expect(shown.sources![0]!.similarity).toBeLessThan(1);
    expect(shown.title).toBe('City to rebuild cracked Harlow Street bridge');
    expect(await articlesOf(courier.id)).toEqual([]);
    // The list shows the sources too; the other story has none.
    const listed = await articlesOf(daily.id);
    expect(listed.find((a) => a.id === original.id)?.sources).toEqual(shown.sources);
    expect(listed.find((a) => a.guid === 'daily-2')?.sources).toEqual([]);
    const provenance = await api.get<{ sources: { feedId: string; url: string | null; similarity: number }[] }>(`/v1/articles/${original.id}/provenance`);
    expect(provenance.body.sources).toEqual([{ feedId: courier.id, guid: 'courier-77', url: shown.sources![0]!.url, similarity: shown.sources![0]!.similarity }]);

    // The copy was linked in the same transaction that would have created its deliveries: the store holds them all now.
    const deliveries = (await api.get<{ items: Delivery[] }>(`/v1/webhooks/${hook.body.id}/deliveries?limit=50`)).body.items;
    expect(deliveries.map((d) => [d.articleId, d.event]).sort()).toEqual(
      [
        [original.id, 'article.created'],
        [listed.find((a) => a.guid === 'daily-2')!.id, 'article.created'],
      ].sort(),
    );
    await waitFor(() => receiver.accepted().length === 2, 20_000, 'both announcements delivered');
    const announced = receiver.accepted().map((r) => (JSON.parse(r.body) as { data: Article }).data.guid);
    expect(announced.sort()).toEqual(['daily-1', 'daily-2']);
  });
});
