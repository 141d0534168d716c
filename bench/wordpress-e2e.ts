/**
 * WordPress at both ends, end to end, from outside: `npm start` with its own
 * port, queue prefix and a temporary database; two fresh WordPress sites (one
 * read, one written); 30 source posts by one author over 3 categories and 2
 * tags, featured images on every third; a destination (publish, category
 * "Imported", copied categories, featured image); the source registered by
 * its home URL with `backfill: 200`. Checks: 30 articles with author,
 * categories, image and full bodies; 30 posts on the destination, still 30
 * after a re-fetch and a re-backfill; an edit on the source updates the same
 * destination post. Prints articles/s read by backfill and posts/s published.
 *
 *   npx tsx bench/wordpress-e2e.ts [--skip-build] [--no-backfill]
 *   (--no-backfill: registered without backfill, no re-backfill: what the first poll alone reads)
 *   env: WP_SOURCE_PORT [8093], WP_DEST_PORT [8095], FEEDLOOM_PORT [3095]
 *
 * Exits 1 with the failed check on stderr.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WP_UP = fileURLToPath(new URL('../test/wordpress/wp-up.sh', import.meta.url));
const SOURCE_PORT = Number(process.env.WP_SOURCE_PORT ?? 8093);
const DEST_PORT = Number(process.env.WP_DEST_PORT ?? 8095);
const FEEDLOOM_PORT = Number(process.env.FEEDLOOM_PORT ?? 3095);
const POSTS = 30;
const CATEGORIES = ['Harbour', 'Weather', 'Markets'];
const TAGS = ['boats', 'tides'];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const args = new Set(process.argv.slice(2));

interface Site {
  url: string;
  username: string;
  password: string;
}

function log(message: string): void {
  process.stderr.write(`[wordpress-e2e] ${message}\n`);
}

class CheckFailed extends Error {}

function check(condition: unknown, message: string): void {
  if (!condition) throw new CheckFailed(message);
}

/** A freshly installed site without its sample post, so every count below is ours. */
async function freshSite(port: number): Promise<Site> {
  execFileSync('bash', [WP_UP, 'reset', String(port)], { stdio: 'ignore' });
  const line = execFileSync('bash', [WP_UP, String(port)], { encoding: 'utf8', timeout: 600_000 }).trim().split('\n').pop() ?? '';
  const [url, username, password] = line.split(/\s+/);
  if (!url || !username || !password) throw new Error(`wp-up.sh ${port} printed ${JSON.stringify(line)}`);
  const site = { url, username, password };
  for (const post of await wp<{ id: number }[]>(site, 'GET', 'wp/v2/posts?per_page=100&status=any')) {
    await wp(site, 'DELETE', `wp/v2/posts/${post.id}?force=true`);
  }
  return site;
}

async function wp<T>(site: Site, method: string, route: string, body?: unknown, raw?: { bytes: Buffer; type: string; name: string }): Promise<T> {
  const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${site.username}:${site.password}`).toString('base64')}` };
  let payload: string | Blob | undefined;
  if (raw) {
    headers['content-type'] = raw.type;
    headers['content-disposition'] = `attachment; filename="${raw.name}"`;
    payload = new Blob([new Uint8Array(raw.bytes)], { type: raw.type });
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${site.url}/wp-json/${route}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${site.url} ${method} ${route}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

async function wpCount(site: Site, route: string): Promise<number> {
  // Posts of every status; media have their own ("inherit") and refuse status=any.
  const status = route.includes('posts') ? '&status=any' : '';
  const res = await fetch(`${site.url}/wp-json/${route}${route.includes('?') ? '&' : '?'}per_page=1${status}&context=edit`, {
    headers: { authorization: `Basic ${Buffer.from(`${site.username}:${site.password}`).toString('base64')}` },
  });
  if (!res.ok) throw new Error(`count ${route}: HTTP ${res.status}`);
  return Number(res.headers.get('x-wp-total'));
}

function body(n: number, edit = ''): string {
  const paragraphs = [
    `<p>Post ${n}: the harbour master counted the boats that came in this week, and the tally was higher than any week since the spring storms closed the northern channel for repairs.${edit}</p>`,
    `<p>Fishermen said the catch was steady, although prices at the morning market fell as buyers from inland waited for the weather to settle before committing to larger orders.</p>`,
    `<p>The council will meet on Thursday to decide whether the new pier, planned for years and delayed twice, can finally go ahead before the autumn tides make the work impossible.</p>`,
    `<p>Closing line of post ${n}: full body marker ${n}.</p>`,
  ];
  return paragraphs.join('\n');
}

const AUTHOR = 'Jane Harbour';

async function populateSource(site: Site): Promise<{ ids: number[]; images: number }> {
  // The one author, with a real name ("admin" is rightly not taken for a byline).
  await wp(site, 'POST', 'wp/v2/users/me', { name: AUTHOR });
  const categoryIds = [];
  for (const name of CATEGORIES) categoryIds.push((await wp<{ id: number }>(site, 'POST', 'wp/v2/categories', { name })).id);
  const tagIds = [];
  for (const name of TAGS) tagIds.push((await wp<{ id: number }>(site, 'POST', 'wp/v2/tags', { name })).id);
  const ids: number[] = [];
  let images = 0;
  for (let n = 1; n <= POSTS; n += 1) {
    let featured = 0;
    if (n % 3 === 0) {
      const media = await wp<{ id: number }>(site, 'POST', `wp/v2/media?alt_text=${encodeURIComponent(`Photo for post ${n}`)}`, undefined, {
        bytes: PNG,
        type: 'image/png',
        name: `source-photo-${n}.png`,
      });
      featured = media.id;
      images += 1;
    }
    const post = await wp<{ id: number }>(site, 'POST', 'wp/v2/posts', {
      title: `Harbour report ${n}`,
      content: body(n),
      excerpt: `Short excerpt ${n}.`,
      status: 'publish',
      date_gmt: new Date(Date.UTC(2026, 9, 1, 8) + n * 3_600_000).toISOString().slice(0, 19),
      categories: [categoryIds[n % CATEGORIES.length]],
      tags: [tagIds[n % TAGS.length]],
      ...(featured ? { featured_media: featured } : {}),
    });
    ids.push(post.id);
  }
  return { ids, images };
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new CheckFailed(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function api(base: string) {
  return async <T>(method: string, path: string, payload?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: payload !== undefined ? { 'content-type': 'application/json' } : {},
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

interface Article {
  id: string;
  title: string;
  authors: string[];
  categories: string[];
  imageUrl: string | null;
  contentText: string;
  updatedAt: string | null;
}

interface Delivery {
  id: string;
  articleId: string;
  event: string;
  status: string;
  remoteId: string | null;
  createdAt: string;
}

async function main(): Promise<void> {
  log(`fresh WordPress sites on ${SOURCE_PORT} (source) and ${DEST_PORT} (destination)`);
  const source = await freshSite(SOURCE_PORT);
  const destinationSite = await freshSite(DEST_PORT);
  const populated = await populateSource(source);
  log(`source: ${populated.ids.length} posts, ${populated.images} featured images`);

  if (!args.has('--skip-build')) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'feedloom-wp-e2e-'));
  const env = {
    ...process.env,
    PORT: String(FEEDLOOM_PORT),
    HOST: '127.0.0.1',
    QUEUE_PREFIX: `wpe2e${process.pid}`,
    DATABASE_URL: join(dataDir, 'feedloom.db'),
    ALLOW_HOSTS: `127.0.0.1:${SOURCE_PORT},127.0.0.1:${DEST_PORT}`,
    LOG_LEVEL: 'warn',
    API_TOKEN: '',
    RECONCILE_INTERVAL_MS: '2000',
    MIN_POLL_SECONDS: '60',
  };
  const server: ChildProcess = spawn(process.execPath, ['dist/src/cli.js', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${FEEDLOOM_PORT}`;
  const call = api(base);
  try {
    await waitFor('feedloom to be ready', 60_000, async () => (await fetch(`${base}/readyz`)).ok);

    const destination = await call<{ id: string; code?: string; message?: string }>('POST', '/v1/destinations', {
      type: 'wordpress',
      url: destinationSite.url,
      username: destinationSite.username,
      applicationPassword: destinationSite.password,
      status: 'publish',
      categories: ['Imported'],
      copyCategories: true,
      featuredImage: true,
    });
    check(destination.status === 201, `destination: HTTP ${destination.status} ${JSON.stringify(destination.body)}`);
    const destinationId = destination.body.id;

    const started = Date.now();
    const backfill = !args.has('--no-backfill');
    const feed = await call<{ id: string; kind?: string; sourceInUse?: string }>('POST', '/v1/feeds', { url: `${source.url}/`, ...(backfill ? { backfill: 200 } : {}) });
    check(feed.status === 201, `feed: HTTP ${feed.status} ${JSON.stringify(feed.body)}`);
    const feedId = feed.body.id;

    const articles = await waitFor(`${POSTS} articles`, 300_000, async () => {
      const res = await call<{ items: Article[] }>('GET', `/v1/articles?feedId=${feedId}&limit=200`);
      return res.body.items.length >= POSTS ? res.body.items : undefined;
    });
    const readSeconds = (Date.now() - started) / 1000;
    const feedState = await call<{ kind: string; sourceInUse?: string; backfill?: unknown }>('GET', `/v1/feeds/${feedId}`);
    check(articles.length === POSTS, `articles: ${articles.length}, expected ${POSTS}`);
    for (const article of articles) {
      const n = Number(/Harbour report (\d+)/.exec(article.title)?.[1]);
      check(n >= 1 && n <= POSTS, `unexpected article title ${article.title}`);
      check(article.authors.length > 0, `article ${n} has no author`);
      check(article.categories.includes(CATEGORIES[n % CATEGORIES.length]!), `article ${n} categories ${JSON.stringify(article.categories)}`);
      check(article.contentText.includes(`full body marker ${n}`), `article ${n} body is not the full post`);
      if (n % 3 === 0) check(article.imageUrl !== null, `article ${n} has no image`);
    }
    const authors = [...new Set(articles.flatMap((a) => a.authors))];
    check(authors.length === 1 && authors[0] === AUTHOR, `one author (${AUTHOR}) expected, got ${JSON.stringify(authors)}`);

    const deliveries = async (): Promise<Delivery[]> => (await call<{ items: Delivery[] }>('GET', `/v1/destinations/${destinationId}/deliveries?limit=200`)).body.items;
    const published = await waitFor(`${POSTS} posts published`, 300_000, async () => {
      const all = await deliveries();
      return all.filter((d) => d.status === 'succeeded').length >= POSTS && all.every((d) => d.status !== 'pending') ? all : undefined;
    });
    const publishSeconds = (Date.now() - started) / 1000;
    const firstCreated = Math.min(...published.map((d) => Date.parse(d.createdAt)));
    check(published.every((d) => d.status === 'succeeded'), `failed deliveries: ${JSON.stringify(published.filter((d) => d.status !== 'succeeded'))}`);
    check((await wpCount(destinationSite, 'wp/v2/posts')) === POSTS, `destination posts after backfill: ${await wpCount(destinationSite, 'wp/v2/posts')}`);
    const destinationMedia = await wpCount(destinationSite, 'wp/v2/media');
    check(destinationMedia === populated.images, `destination media: ${destinationMedia}, expected ${populated.images}`);
    const categories = await wp<{ name: string }[]>(destinationSite, 'GET', 'wp/v2/categories?per_page=100');
    for (const name of ['Imported', ...CATEGORIES]) check(categories.some((c) => c.name === name), `destination category ${name} missing`);

    // Re-fetch and re-backfill: nothing new on the destination.
    check((await call('POST', `/v1/feeds/${feedId}/fetch`)).status === 202, 're-fetch refused');
    if (backfill) {
      const rebackfill = await call<{ jobId?: string }>('POST', `/v1/feeds/${feedId}/backfill`, { limit: 200 });
      check(rebackfill.status === 202, `re-backfill: HTTP ${rebackfill.status} ${JSON.stringify(rebackfill.body)}`);
      await waitFor('the re-backfill to finish', 300_000, async () => {
        const res = await call<{ backfill?: { status: string } }>('GET', `/v1/feeds/${feedId}`);
        return res.body.backfill?.status === 'done' || res.body.backfill?.status === 'failed' ? true : undefined;
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const afterRefetch = await deliveries();
    check(afterRefetch.length === POSTS, `deliveries after re-fetch and re-backfill: ${afterRefetch.length}`);
    check((await wpCount(destinationSite, 'wp/v2/posts')) === POSTS, `destination posts after re-fetch/re-backfill: ${await wpCount(destinationSite, 'wp/v2/posts')}`);

    // An edit on the source: the same destination post changes.
    // A recent post: a poll reads the newest posts by date (an edit to an old one waits for a backfill).
    const editedNumber = POSTS - 2;
    const edited = populated.ids[editedNumber - 1]!;
    await wp(source, 'POST', `wp/v2/posts/${edited}`, { content: body(editedNumber, ' Correction: the count was revised upwards on Friday.') });
    check((await call('POST', `/v1/feeds/${feedId}/fetch`)).status === 202, 'fetch after edit refused');
    const update = await waitFor('the update to be published', 120_000, async () => {
      const all = await deliveries();
      return all.find((d) => d.event === 'article.updated' && d.status === 'succeeded');
    });
    const created = afterRefetch.find((d) => d.articleId === update.articleId);
    check(created?.remoteId === update.remoteId, `update went to post ${update.remoteId}, creation made ${created?.remoteId}`);
    const post = await wp<{ content: { raw: string } }>(destinationSite, 'GET', `wp/v2/posts/${update.remoteId}?context=edit`);
    check(post.content.raw.includes('revised upwards on Friday'), 'destination post does not carry the edit');
    check((await wpCount(destinationSite, 'wp/v2/posts')) === POSTS, 'destination post count changed after the edit');

    const lastSucceeded = Date.now();
    const results = {
      backfill,
      articles: articles.length,
      posts: POSTS,
      sourceKind: feedState.body.kind,
      sourceInUse: feedState.body.sourceInUse ?? null,
      backfillSeconds: Number(readSeconds.toFixed(2)),
      articlesPerSecondRead: Number((POSTS / readSeconds).toFixed(2)),
      publishSeconds: Number(publishSeconds.toFixed(2)),
      postsPerSecondPublished: Number((POSTS / ((started + publishSeconds * 1000 - firstCreated) / 1000)).toFixed(2)),
      totalSeconds: Number(((lastSucceeded - started) / 1000).toFixed(2)),
    };
    console.log(JSON.stringify(results, null, 2));
    log('all checks passed');
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
    // The sites stay up for a look; the next run resets them.
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[wordpress-e2e] FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
