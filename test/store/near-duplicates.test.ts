import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { DEFAULT_NEAR_DUPLICATES, type NearDuplicateSettings } from '../../src/store/near-duplicates.js';
import { FOOTER_A, FOOTER_B, OTHER_BRIDGE_STORY, WIRE_STORY, text } from '../dedupe/stories.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { cleanArticle, feedItem, feedWithItems, fetchSuccess, unique } from './fixtures.js';

const DAY_MS = 86_400_000;
const AT = new Date('2024-06-01T12:00:00.000Z');

/**
 * The paragraphs made this test's own: a marker after every second word puts
 * it in every shingle, so the tests' stories (all in one database) are not
 * copies of each other.
 */
function marked(marker: string, paragraphs: string[]): string[] {
  return paragraphs.map((p) => p.split(' ').map((word, i) => (i % 2 === 1 ? `${word} ${marker}` : word)).join(' '));
}

/** The wire story as one outlet prints it. */
function outletCopy(marker: string, footer: string, reword = false): string {
  const paragraphs = WIRE_STORY.map((p, i) => (reword && i === 2 ? p.replace('plainly', 'clearly') : p));
  return text([...marked(marker, paragraphs), footer]);
}

/** Saves `body` as the only item of a new feed; returns the feed, the item's save result and the article id if one was made. */
async function saveInNewFeed(store: Store, body: string, options: { at?: Date; url?: string; title?: string } = {}) {
  const guid = unique('g');
  const { feedId, itemIds } = await feedWithItems(store, [guid]);
  const clean = cleanArticle(guid, body, { url: options.url ?? `https://${unique('outlet')}.example/${guid}`, title: options.title ?? `Headline ${guid}` });
  const result = await store.articles.saveFromItem(itemIds[0]!, clean, { at: options.at ?? AT });
  return { feedId, itemId: itemIds[0]!, guid, clean, result };
}

describe.each(TEST_DIALECTS)('near-duplicates on %s', (dialect) => {
  let database: TestDatabase | undefined;
  const stores: Store[] = [];
  async function storeWith(nearDuplicates: NearDuplicateSettings): Promise<Store> {
    const opened = await openStore(database!.url, { nearDuplicates });
    stores.push(opened);
    return opened;
  }
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await storeWith(DEFAULT_NEAR_DUPLICATES);
    await store.migrate();
    await store.webhooks.create({ url: `https://${unique('hook')}.example/in`, secret: 'whsec_dGVzdA==', feedIds: null, events: ['article.created', 'article.updated'] });
  });
  afterAll(async () => {
    for (const opened of stores) await opened.close();
    await database?.cleanup();
  });

  it("links another feed's near-copy to the first article as a source, announcing nothing", async () => {
    const marker = unique('m');
    const first = await saveInNewFeed(store, outletCopy(marker, FOOTER_A));
    expect(first.result.event).toBe('article.created');
    expect(first.result.deliveryIds).toHaveLength(1);
    const articleId = first.result.article!.id;

    const later = new Date(AT.getTime() + 3 * 3_600_000);
    const copy = await saveInNewFeed(store, outletCopy(marker, FOOTER_B, true), { at: later, title: 'Another headline' });
    expect(copy.result).toEqual({ article: null, event: null, deliveryIds: [], skipped: 'duplicate' });
    expect((await store.articles.list({ feedId: copy.feedId, limit: 10 })).items).toEqual([]);

    const article = await store.articles.get(articleId);
    expect(article?.sources).toHaveLength(1);
    const [source] = article!.sources!;
    expect(source).toMatchObject({ feedId: copy.feedId, guid: copy.guid, url: copy.clean.url, title: 'Another headline', seenAt: later.toISOString() });
    expect(source!.similarity).toBeGreaterThan(DEFAULT_NEAR_DUPLICATES.minSimilarity);
    expect(source!.similarity).toBeLessThan(1);

    const listed = (await store.articles.list({ feedId: first.feedId, limit: 10 })).items;
    expect(listed.map((a) => a.sources)).toEqual([[source]]);
    expect((await store.articles.listAfter({ after: 0, feedId: first.feedId, limit: 10 })).map((a) => a.sources)).toEqual([[source]]);
    expect((await store.articles.provenance(articleId))?.sources).toEqual([source]);

    // The copy's item is settled: a second run of its job changes nothing.
    const rerun = await store.articles.saveFromItem(copy.itemId, copy.clean, { at: later });
    expect(rerun.skipped).toBe('unchanged');
    expect((await store.articles.get(articleId))?.sources).toHaveLength(1);
  });

  it("links copies saved as a batch too, one feed's items in one transaction", async () => {
    const marker = unique('m');
    const first = await saveInNewFeed(store, outletCopy(marker, FOOTER_A));
    const guids = [unique('g'), unique('g')];
    const batch = await feedWithItems(store, guids);
    const bodies = [outletCopy(marker, FOOTER_B, true), text(marked(unique('m'), OTHER_BRIDGE_STORY))];
    const results = await store.articles.saveFromItems(
      guids.map((guid, i) => ({ itemId: batch.itemIds[i]!, clean: cleanArticle(guid, bodies[i]!, { url: `https://batch.example/${guid}` }) })),
      { at: AT },
    );
    expect(results.map((r) => r.skipped ?? r.event)).toEqual(['duplicate', 'article.created']);
    expect((await store.articles.get(first.result.article!.id))!.sources!.map((s) => s.guid)).toEqual([guids[0]]);
  });

  it('a large batch finds each of its copies, each linked to its own original, and keeps its new stories', async () => {
    // More copies than one lookup statement asks about, interleaved with new stories and a copy by URL.
    const markers = Array.from({ length: 20 }, () => unique('m'));
    const originals: Awaited<ReturnType<typeof saveInNewFeed>>[] = [];
    for (const marker of markers) originals.push(await saveInNewFeed(store, outletCopy(marker, FOOTER_A)));
    const byUrl = await saveInNewFeed(store, text(marked(unique('m'), OTHER_BRIDGE_STORY)));
    const bodies: { body: string; url?: string; expect: string }[] = [];
    markers.forEach((marker, i) => {
      bodies.push({ body: outletCopy(marker, FOOTER_B, true), expect: originals[i]!.result.article!.id });
      if (i % 4 === 0) bodies.push({ body: text(marked(unique('s'), OTHER_BRIDGE_STORY)), expect: 'new' });
    });
    bodies.splice(7, 0, { body: text(marked(unique('s'), WIRE_STORY)), url: byUrl.clean.url!, expect: byUrl.result.article!.id });
    const guids = bodies.map(() => unique('g'));
    const batch = await feedWithItems(store, guids);
    const results = await store.articles.saveFromItems(
      guids.map((guid, i) => ({ itemId: batch.itemIds[i]!, clean: cleanArticle(guid, bodies[i]!.body, { url: bodies[i]!.url ?? `https://big-batch.example/${guid}` }) })),
      { at: AT },
    );
    expect(results.map((r) => r.skipped ?? r.event)).toEqual(bodies.map((b) => (b.expect === 'new' ? 'article.created' : 'duplicate')));
    for (const [i, { expect: articleId }] of bodies.entries()) {
      if (articleId === 'new') continue;
      const sources = (await store.articles.get(articleId))!.sources!;
      expect(sources.map((s) => s.guid)).toEqual([guids[i]]);
    }
  });

  it('an exact copy is a source with similarity 1, its URL and title kept', async () => {
    const body = outletCopy(unique('m'), FOOTER_A);
    const first = await saveInNewFeed(store, body);
    const copy = await saveInNewFeed(store, body, { title: 'Same text, other title' });
    expect(copy.result.skipped).toBe('duplicate');
    const [source] = (await store.articles.get(first.result.article!.id))!.sources!;
    expect(source).toMatchObject({ feedId: copy.feedId, url: copy.clean.url, title: 'Same text, other title', similarity: 1 });
  });

  it('finds the copy among many other stories in the window', async () => {
    const marker = unique('m');
    const first = await saveInNewFeed(store, outletCopy(marker, FOOTER_A));
    // Other stories stored after it, sharing vocabulary but not text.
    for (let n = 0; n < 40; n++) {
      const other = await saveInNewFeed(store, text(marked(unique('s'), n % 2 === 0 ? OTHER_BRIDGE_STORY : WIRE_STORY)));
      expect(other.result.event).toBe('article.created');
    }
    const copy = await saveInNewFeed(store, outletCopy(marker, FOOTER_B, true));
    expect(copy.result.skipped).toBe('duplicate');
    expect((await store.articles.get(first.result.article!.id))!.sources!.map((s) => s.feedId)).toEqual([copy.feedId]);
  });

  it("a feed that posts one template many times still has its newest item's copy in another feed found", async () => {
    const marker = unique('m');
    // 40 look-alikes in one feed (more than a lookup reads of one bucket), each a different footer line.
    const guids = Array.from({ length: 40 }, () => unique('g'));
    const templated = await feedWithItems(store, guids);
    const bodies = guids.map((guid) => outletCopy(marker, `${FOOTER_A} Item ${guid}.`));
    const saved = await store.articles.saveFromItems(
      guids.map((guid, i) => ({ itemId: templated.itemIds[i]!, clean: cleanArticle(guid, bodies[i]!, { url: `https://templated.example/${guid}` }) })),
      { at: AT },
    );
    // Within one feed each is its own article.
    expect(saved.every((r) => r.event === 'article.created')).toBe(true);
    const copy = await saveInNewFeed(store, bodies[39]!);
    expect(copy.result.skipped).toBe('duplicate');
    const sources = await Promise.all(saved.map(async (r) => (await store.articles.get(r.article!.id))!.sources!.map((s) => s.feedId)));
    expect(sources.flat()).toEqual([copy.feedId]);
  });

  it('looks back only NEAR_DUPLICATE_WINDOW_DAYS: an older story is announced again', async () => {
    const marker = unique('m');
    const first = await saveInNewFeed(store, outletCopy(marker, FOOTER_A));
    const late = new Date(AT.getTime() + (DEFAULT_NEAR_DUPLICATES.windowDays + 1) * DAY_MS);
    const copy = await saveInNewFeed(store, outletCopy(marker, FOOTER_B, true), { at: late });
    expect(copy.result.event).toBe('article.created');
    expect((await store.articles.get(first.result.article!.id))!.sources).toEqual([]);

    // Within a wider window the same pair is one story.
    const wide = await storeWith({ ...DEFAULT_NEAR_DUPLICATES, windowDays: DEFAULT_NEAR_DUPLICATES.windowDays + 2 });
    const third = await saveInNewFeed(wide, outletCopy(marker, FOOTER_B), { at: late });
    expect(third.result.skipped).toBe('duplicate');
  });

  it('keeps a different story on the same subject, a copy in the same feed, and everything when turned off', async () => {
    const marker = unique('m');
    const first = await saveInNewFeed(store, outletCopy(marker, FOOTER_A));
    const otherStory = await saveInNewFeed(store, text([...marked(marker, OTHER_BRIDGE_STORY), FOOTER_A]));
    expect(otherStory.result.event).toBe('article.created');

    // Within one feed two items are two articles, as before: the feed chose to publish both.
    const guids = [unique('g'), unique('g')];
    const own = await feedWithItems(store, guids);
    const bodies = [outletCopy(unique('m'), FOOTER_A), ''];
    bodies[1] = bodies[0]!.replace(FOOTER_A, FOOTER_B);
    for (let i = 0; i < 2; i++) {
      const saved = await store.articles.saveFromItem(own.itemIds[i]!, cleanArticle(guids[i]!, bodies[i]!, { url: `https://own.example/${guids[i]}` }), { at: AT });
      expect(saved.event).toBe('article.created');
    }

    const off = await storeWith({ ...DEFAULT_NEAR_DUPLICATES, minSimilarity: 0 });
    const copy = await saveInNewFeed(off, outletCopy(marker, FOOTER_B, true));
    expect(copy.result.event).toBe('article.created');
    expect((await store.articles.get(first.result.article!.id))!.sources).toEqual([]);
  });

  it("re-indexes an article whose text changed: a copy of the old text no longer finds it", async () => {
    const marker = unique('m');
    const guid = unique('g');
    const { feedId, itemIds } = await feedWithItems(store, [guid]);
    const original = outletCopy(marker, FOOTER_A);
    const first = await store.articles.saveFromItem(itemIds[0]!, cleanArticle(guid, original, { url: `https://a.example/${guid}` }), { at: AT });
    const rewritten = text(marked(marker, OTHER_BRIDGE_STORY));
    const { pendingItemIds } = await store.feeds.recordSuccess(feedId, fetchSuccess([feedItem(guid, { contentHtml: `<p>${rewritten}</p>` })]));
    const updated = await store.articles.saveFromItem(pendingItemIds[0]!, cleanArticle(guid, rewritten, { url: `https://a.example/${guid}` }), { at: AT });
    expect(updated.event).toBe('article.updated');
    expect(updated.article?.id).toBe(first.article?.id);

    const copyOfOld = await saveInNewFeed(store, outletCopy(marker, FOOTER_B, true));
    expect(copyOfOld.result.event).toBe('article.created');
  });

  // Last: it prunes every fingerprint the earlier tests stored.
  it('prunes fingerprints past the window, oldest first, and keeps those inside it', async () => {
    const old = await saveInNewFeed(store, outletCopy(unique('m'), FOOTER_A));
    const recentAt = new Date(AT.getTime() + (DEFAULT_NEAR_DUPLICATES.windowDays + 3) * DAY_MS);
    const recentMarker = unique('m');
    await saveInNewFeed(store, outletCopy(recentMarker, FOOTER_A), { at: recentAt });
    const sweepAt = new Date(AT.getTime() + (DEFAULT_NEAR_DUPLICATES.windowDays + 1) * DAY_MS);

    expect(await store.retention.pruneFingerprints(sweepAt)).toBeGreaterThanOrEqual(1);
    expect(await store.retention.pruneFingerprints(sweepAt)).toBe(0);
    // The old article stays; only its fingerprint went, so a copy (even one dated inside a wider window) is new.
    expect(await store.articles.get(old.result.article!.id)).not.toBeNull();
    const wide = await storeWith({ ...DEFAULT_NEAR_DUPLICATES, windowDays: 365 });
    const copyOfOld = await saveInNewFeed(wide, old.clean.contentText.replace(FOOTER_A, FOOTER_B), { at: AT });
    expect(copyOfOld.result.event).toBe('article.created');
    const copyOfRecent = await saveInNewFeed(store, outletCopy(recentMarker, FOOTER_B, true), { at: recentAt });
    expect(copyOfRecent.result.skipped).toBe('duplicate');
  });
});
