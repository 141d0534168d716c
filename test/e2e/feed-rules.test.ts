/**
 * A feed's own rules through the running service (API, workers, store) on SQLite and PostgreSQL: rules
 * set by PATCH after a first fetch apply to the next item the worker stores, and its provenance says
 * which fired.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/model.js';
import type { Feed } from '../../src/store/types.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { rss, waitFor } from '../helpers/http-servers.js';
import { useServiceStack } from '../helpers/service.js';

function item(n: number) {
  const body =
    `<div class="site-header"><p>Valley Courier — your local paper since 1921</p></div>` +
    `<div class="entry"><p>Story ${n}: the valley orchard cooperative counted its apple harvest on Friday and found it larger than last year.</p>` +
    `<p>Growers in story ${n} credited the mild spring and fewer late frosts across the hillside farms.</p>` +
    `<div class="donate"><p>Keep local journalism alive with a gift of any size</p></div></div>` +
    `<p>{{tracking:${n}}}</p>`;
  return { guid: `courier-${n}`, title: `Harvest ${n}`, body, date: `2026-10-${String(n).padStart(2, '0')}T08:00:00Z` };
}

describe.each(TEST_DIALECTS)('feed rules in the service on %s', (dialect) => {
  const stack = useServiceStack(dialect);

  async function article(feedId: string, guid: string): Promise<Article> {
    const { articlesOf } = stack();
    return waitFor(async () => (await articlesOf(feedId)).find((a) => a.guid === guid), 30_000, `article ${guid}`);
  }

  it('stores the next item without what the rules set by PATCH remove', async () => {
    const { api, feeds } = stack();
    feeds.set('/courier.xml', rss([item(1)]));
    const created = await api.post<Feed>('/v1/feeds', { url: `${feeds.base}/courier.xml` });
    expect(created.status).toBe(201);
    const feedId = created.body.id;
    const before = await article(feedId, 'courier-1');
    expect(before.contentText).toContain('Valley Courier — your local paper');
    expect(before.contentText).toContain('{{tracking:1}}');

    const rules = { body: 'div.entry', remove: ['.donate'], replace: [{ pattern: String.raw`\{\{tracking:\d+\}\}`, replacement: '' }] };
    const patched = await api.patch<Feed>(`/v1/feeds/${feedId}`, { rules });
    expect(patched.status).toBe(200);

    feeds.set('/courier.xml', rss([item(2), item(1)]));
    expect((await api.post(`/v1/feeds/${feedId}/fetch`, {})).status).toBe(202);
    const after = await article(feedId, 'courier-2');
    expect(after.contentText).toContain('Story 2: the valley orchard cooperative counted its apple harvest');
    expect(after.contentText).toContain('Growers in story 2 credited the mild spring');
    expect(after.contentText).not.toContain('Valley Courier');
    expect(after.contentText).not.toContain('Keep local journalism alive');
    expect(after.contentText).not.toContain('tracking');

    const provenance = await api.get<{ rules: { rule: string; removed: number; samples: string[] }[] }>(`/v1/articles/${after.id}/provenance`);
    expect(provenance.body.rules.slice(0, 3)).toEqual([
      { rule: 'feed-rule:replace', removed: 1, samples: ['{{tracking:2}}'] },
      { rule: 'feed-rule:body', removed: 1, samples: ['Valley Courier — your local paper since 1921'] },
      { rule: 'feed-rule:remove', removed: 1, samples: ['Keep local journalism alive with a gift of …'] },
    ]);
  });
});
