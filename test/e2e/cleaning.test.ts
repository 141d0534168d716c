/**
 * Cleaning through the running service (API, workers, store) on SQLite and PostgreSQL: provenance of a stored
 * article, an item that is not an article counted on its feed, and a feed's own template learned from its
 * items and dropped from the next one.
 */
import { describe, expect, it } from 'vitest';
import type { Feed } from '../../src/store/types.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { rss, waitFor } from '../helpers/http-servers.js';
import { useServiceStack } from '../helpers/service.js';

const SIGN_OFF = 'Herzliche Grüße aus der Redaktion des Talboten – bis morgen früh beim Kaffee!';

function story(n: number): string {
  return (
    `<p>Geschichte ${n}: Der Gemeinderat von Talheim hat am Abend über die neue Brücke Nummer ${n} beraten.</p>` +
    `<p>Die Bürgermeisterin kündigte für Geschichte ${n} eine Bürgerversammlung im Frühjahr an.</p>` +
    `<p>Anwohner der Brücke ${n} hoffen auf weniger Verkehr in der Ortsmitte.</p>` +
    `<p>${SIGN_OFF}</p>`
  );
}

function item(n: number) {
  return { guid: `talbote-${n}`, title: `Brücke ${n}`, body: story(n), date: `2026-11-${String(n).padStart(2, '0')}T08:00:00Z` };
}

describe.each(TEST_DIALECTS)('cleaning in the service on %s', (dialect) => {
  const stack = useServiceStack(dialect);

  it('learns the feed\'s sign-off, skips a non-article, and explains each article', async () => {
    const { api, feeds, articlesOf } = stack();
    const first = [1, 2, 3, 4, 5, 6, 7, 8].map(item);
    const placeholder = { guid: 'talbote-x', title: 'x', body: '<p>x</p>', date: '2026-11-09T08:00:00Z' };
    feeds.set('/talbote.xml', rss([...first, placeholder]));
    const created = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/talbote.xml` });
    expect(created.status).toBe(201);
    const feedId = created.body.id;
    await waitFor(async () => (await articlesOf(feedId)).length === 8, 30_000, 'eight articles');
    const feed = await waitFor(async () => {
      const res = await api.get<Feed & { skipped: { count: number; lastReason: string | null } }>(`/v1/feeds/${feedId}`);
      return res.body.skipped.count === 1 ? res.body : undefined;
    }, 30_000, 'the placeholder counted as skipped');
    expect(feed.skipped.lastReason).toMatch(/one-letter title/);

    // The next fetch brings a ninth story: the sign-off every earlier item carried is the feed's, not the story's.
    feeds.set('/talbote.xml', rss([item(9), ...first]));
    expect((await api.post(`/v1/feeds/${feedId}/fetch`, {})).status).toBe(202);
    const ninth = await waitFor(async () => (await articlesOf(feedId)).find((a) => a.guid === 'talbote-9'), 30_000, 'the ninth article');
    expect(ninth.contentText).toContain('Anwohner der Brücke 9 hoffen auf weniger Verkehr in der Ortsmitte.');
    expect(ninth.contentText).not.toContain('Herzliche Grüße');

    const provenance = await api.get<{ extractor: string; rules: { rule: string; removed: number; samples: string[] }[] }>(
      `/v1/articles/${ninth.id}/provenance`,
    );
    expect(provenance.status).toBe(200);
    expect(provenance.body.extractor).toBe('feed');
    expect(provenance.body.rules).toContainEqual({ rule: 'learned-boilerplate', removed: 1, samples: ['Herzliche Grüße aus der Redaktion des Talboten – …'] });
  });
});
