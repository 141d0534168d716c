/**
 * A feed's own cleaning rules through the API and the real store, on SQLite and PostgreSQL: saved on
 * POST and PATCH (field by field), shown on GET, tried in a preview, and every kind of bad rule a 400
 * that names the rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../src/core/model.js';
import { TEST_DIALECTS } from '../helpers/databases.js';
import { rss, startFeedServer, type FeedServer } from '../helpers/http-servers.js';
import { feedInput } from '../store/fixtures.js';
import { useTestApi } from './harness.js';

const STORY =
  '<p>Ferry service between the islands resumed on Sunday after a three-day pause, and crews cleared debris overnight.</p>' +
  '<p>The harbour master said the timetable would be back to normal by Wednesday.</p>';

describe.each(TEST_DIALECTS)('feed rules through the API on %s', (dialect) => {
  const api = useTestApi({ dialect, env: { ALLOW_HOSTS: '127.0.0.1' } });
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
    const body = `<div class="crossing"><p>The crossing takes forty minutes in calm weather.</p></div>${STORY}<p>[ad]The kiosk at pier four sells tickets[/ad]</p>`;
    server.set('/ferry.xml', rss([{ guid: 'f1', title: 'Ferries resume', body, date: '2026-11-01T08:00:00Z' }], 'Island News'));
  });
  afterAll(async () => {
    await server.close();
  });

  const patch = async (id: string, rules: unknown) => api.call({ method: 'PATCH', url: `/v1/feeds/${id}`, payload: { rules } });

  async function newFeed(): Promise<string> {
    return (await api.store.feeds.create(feedInput())).feed.id;
  }

  it('saves the rules field by field, shows them on GET, and clears them with null', async () => {
    const id = await newFeed();
    const rules = {
      remove: ['div.sponsor', 'aside'],
      body: 'article',
      replace: [{ pattern: String.raw`\[ad\].*?\[/ad\]`, replacement: '', flags: 'is' }],
    };
    const saved = await patch(id, rules);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().rules).toEqual({ disable: [], ...rules });

    // Each field given replaces the stored one; the others stay.
    const narrowed = await patch(id, { disable: ['promos', 'feed-rule:body'], body: null });
    expect(narrowed.json().rules).toEqual({ disable: ['promos', 'feed-rule:body'], remove: rules.remove, body: null, replace: rules.replace });
    const shown = await api.call({ method: 'GET', url: `/v1/feeds/${id}` });
    expect(shown.json().rules).toEqual(narrowed.json().rules);

    const cleared = await patch(id, null);
    expect(cleared.json().rules).toEqual({ disable: [], remove: [], body: null, replace: [] });
  });

  it('refuses a selector that does not compile, naming the rule and the reason, and keeps what was stored', async () => {
    const id = await newFeed();
    await patch(id, { remove: ['.keep'] });
    const bad = await patch(id, { remove: ['.ok', 'p:frobnicate'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'INVALID_RULE',
      message: 'rules.remove[1] "p:frobnicate" is not a CSS selector css-select accepts: Unknown pseudo-class :frobnicate',
    });
    const body = await patch(id, { body: 'div >> p' });
    expect(body.json()).toMatchObject({ statusCode: 400, code: 'INVALID_RULE', message: expect.stringMatching(/^rules\.body "div >> p" is not a CSS selector/) });
    expect((await api.store.feeds.get(id))?.rules.remove).toEqual(['.keep']);
  });

  it('refuses patterns RE2 cannot run: syntax errors, backreferences, lookaround, bad flags', async () => {
    const id = await newFeed();
    const cases: [unknown, RegExp][] = [
      [{ pattern: '(unclosed', replacement: '' }, /^rules\.replace\[0\]\.pattern "\(unclosed" is not an RE2 pattern .*missing closing \)/],
      [{ pattern: String.raw`(\w+) \1`, replacement: '' }, /no backreferences or lookaround\): .*invalid escape sequence/],
      [{ pattern: 'promo(?!tion)', replacement: '' }, /invalid or unsupported Perl syntax/],
      [{ pattern: 'x', replacement: '', flags: 'x' }, /^rules\.replace\[0\]\.flags "x" has "x"; accepted: i, m, s$/],
      [{ pattern: 'x', replacement: "$'" }, /^rules\.replace\[0\]\.replacement uses/],
    ];
    for (const [rule, message] of cases) {
      const response = await patch(id, { replace: [rule] });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_RULE', message: expect.stringMatching(message) });
    }
  });

  it('accepts a pattern that backtracks badly elsewhere: RE2 runs it in linear time', async () => {
    const id = await newFeed();
    const response = await patch(id, { replace: [{ pattern: '(a+)+$', replacement: '' }, { pattern: '(x|x)*y', replacement: '' }] });
    expect(response.statusCode).toBe(200);
    expect(response.json().rules.replace).toHaveLength(2);
  });

  it('refuses too many rules and rules too long, naming the field', async () => {
    const id = await newFeed();
    const many = await patch(id, { remove: Array.from({ length: 51 }, (_, i) => `.c${i}`) });
    expect(many.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_ERROR', message: expect.stringContaining('body.rules.remove') });
    const longSelector = await patch(id, { body: `.${'x'.repeat(500)}` });
    expect(longSelector.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('body.rules.body') });
    const replacements = Array.from({ length: 21 }, () => ({ pattern: 'x', replacement: '' }));
    expect((await patch(id, { replace: replacements })).json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('body.rules.replace') });
    const longPattern = await patch(id, { replace: [{ pattern: 'x'.repeat(1001), replacement: '' }] });
    expect(longPattern.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('body.rules.replace[0].pattern') });
  });

  it('checks rules on registration before fetching anything', async () => {
    const response = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: `${server.base}/ferry.xml`, rules: { remove: ['::'] } } });
    expect(response.json()).toMatchObject({ statusCode: 400, code: 'INVALID_RULE' });
    expect(server.hits('/ferry.xml').total).toBe(0);
    const created = await api.call({ method: 'POST', url: '/v1/feeds', payload: { url: `${server.base}/ferry.xml`, rules: { remove: ['div.sponsor'] } } });
    expect(created.statusCode).toBe(201);
    expect(created.json().rules).toEqual({ disable: [], remove: ['div.sponsor'], body: null, replace: [] });
  });

  it('previews rules before they are saved', async () => {
    const url = `${server.base}/ferry.xml`;
    const plain = (await api.call({ method: 'POST', url: '/v1/preview', payload: { url, fullText: 'never' } })).json<PreviewResult>();
    expect(plain.items[0]?.contentText).toContain('The crossing takes forty minutes');
    expect(plain.items[0]?.contentText).toContain('The kiosk at pier four');
    const rules = { remove: ['div.crossing'], replace: [{ pattern: String.raw`\[ad\].*?\[/ad\]`, replacement: '' }] };
    const tried = await api.call({ method: 'POST', url: '/v1/preview', payload: { url, fullText: 'never', rules } });
    expect(tried.statusCode).toBe(200);
    const text = tried.json<PreviewResult>().items[0]?.contentText ?? '';
    expect(text).not.toContain('The crossing takes');
    expect(text).not.toContain('kiosk');
    expect(text).toContain('The harbour master said the timetable');
    const bad = await api.call({ method: 'POST', url: '/v1/preview', payload: { url, rules: { body: 'p:nope' } } });
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'INVALID_RULE', message: expect.stringMatching(/^rules\.body "p:nope"/) });
  });
});
