/**
 * Registering a feed: the one path for POST /v1/feeds and OPML import. The
 * URL passes the SSRF guard and the interval the operator's bounds; with
 * `discover`, a home page is resolved to the feed it links to (which fetches
 * it) and a WordPress site's REST API is looked for; without, the URL is
 * taken as the feed's own (OPML outlines name feeds, and the first fetch
 * shows whether it works). The new feed is due now.
 */
import type { Config } from '../../config/index.js';
import { FeedloomError, errorMessage } from '../core/errors.js';
import { TimeoutError, withTimeout } from '../core/with-timeout.js';
import type { Logger } from '../core/logger.js';
import type { Feed } from '../core/model.js';
import { canonicalFeedUrl } from '../core/urls.js';
import type { HttpClient } from '../fetch/http-client.js';
import { assertFetchableUrl } from '../fetch/ssrf.js';
import { requestOptionsOf } from '../fetch/stored-request-options.js';
import { checkPollInterval } from '../schedule/policy.js';
import type { FeedCreate, FeedSourceChoice, ResolvedWordPressFilter, Store, WordPressFilter } from '../store/types.js';
import { resolveFeedUrl, type PipelineDeps } from './feeds.js';
import { assertValidFilters } from './filters.js';
import { resolveWordPressFilter, wordpressApiOfSite } from './wordpress.js';

/** What a user registers: a URL, and the feed's settings where the defaults will not do. */
export type FeedRegistration = Pick<FeedCreate, 'url'> & Partial<Omit<FeedCreate, 'url' | 'nextFetchAt' | 'wordpressApi'>>;

export interface RegistrationDeps {
  store: Store;
  http: HttpClient;
  config: Config;
  log: Logger;
}

export interface Registered {
  feed: Feed;
  /** False: the URL was registered already and `feed` is that registration. */
  created: boolean;
  /** The title to show until the first fetch stores the feed's own. */
  title: string | null;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * The site's REST API root at registration: announced by the feed (or page)
 * itself, else by the site's home page when it is on the same origin (another
 * host named in a feed's <link> is not fetched just to look).
 */
async function findWordPressApi(
  resolved: { url: string; siteUrl: string | null; wordpressApi: string | null; reachable: boolean },
  source: FeedSourceChoice,
  deps: PipelineDeps,
): Promise<string | null> {
  if (resolved.wordpressApi || source === 'feed' || !resolved.reachable) return resolved.wordpressApi;
  const site = resolved.siteUrl && sameOrigin(resolved.siteUrl, resolved.url) ? resolved.siteUrl : null;
  if (!site) return null;
  return wordpressApiOfSite(site, deps);
}

/** The filter as site ids, checked now so an unknown category is a 400 rather than a failing feed later. */
export async function checkWordPressFilter(
  apiRoot: string | null,
  filter: WordPressFilter | null,
  deps: PipelineDeps,
): Promise<ResolvedWordPressFilter | null> {
  if (!apiRoot || !filter) return null;
  return resolveWordPressFilter(apiRoot, filter, deps);
}

type NewFeed = Parameters<RegistrationDeps['store']['feeds']['create']>[0];

/** The stored feed for a registration: what the user asked for, with the defaults, at the URL registration settled on. */
function newFeed(
  input: FeedRegistration,
  settled: { url: string; source: FeedSourceChoice; wordpressApi: string | null; nextFetchAt: Date },
): NewFeed {
  return {
    url: settled.url,
    title: input.title ?? null,
    pollIntervalSeconds: input.pollIntervalSeconds ?? null,
    fullText: input.fullText ?? 'auto',
    include: input.include ?? [],
    exclude: input.exclude ?? [],
    tags: input.tags ?? [],
    nextFetchAt: settled.nextFetchAt,
    schedule: input.schedule ?? 'adaptive',
    request: input.request ?? null,
    source: settled.source,
    wordpress: input.wordpress ?? null,
    wordpressApi: settled.wordpressApi,
    rules: input.rules ?? null,
  };
}

export async function registerFeed(
  input: FeedRegistration,
  deps: RegistrationDeps,
  options: { discover: boolean; now?: Date },
): Promise<Registered> {
  await assertFetchableUrl(input.url, deps.config.allowHosts);
  checkPollInterval(input.pollIntervalSeconds, deps.config);
  assertValidFilters([...(input.include ?? []), ...(input.exclude ?? [])]);
  const source = input.source ?? 'auto';
  const filter = input.wordpress ?? null;
  let url = canonicalFeedUrl(input.url);
  let readTitle: string | null = null;
  let wordpressApi: string | null = null;
  let resolvedFilter: ResolvedWordPressFilter | null = null;
  if (options.discover) {
    // The URL as given may already be registered: answer without fetching anything.
    const known = await deps.store.feeds.findByUrl(url);
    if (known) return { feed: known, created: false, title: known.title };
    const discovery = resolveFeedUrl(input.url, deps, requestOptionsOf(input.request ?? null, deps.config));
    const resolved = await withinRegistrationWait(discovery, input.url, deps);
    if (resolved === null) return registerWhileDiscovering(input, url, source, discovery, deps, options.now ?? new Date());
    url = canonicalFeedUrl(resolved.url);
    readTitle = resolved.title;
    wordpressApi = await findWordPressApi(resolved, source, deps);
    if (source === 'wordpress' && wordpressApi === null && resolved.reachable) {
      throw new FeedloomError('NOT_WORDPRESS', `${input.url} is not a WordPress site with its REST API announced`);
    }
    resolvedFilter = source === 'feed' ? null : await checkWordPressFilter(wordpressApi, filter, deps);
  }
  const { feed, created } = await deps.store.feeds.create(
    newFeed(input, { url, source, wordpressApi, nextFetchAt: options.now ?? new Date() }),
  );
  if (created && resolvedFilter) await deps.store.sources.saveResolvedFilter(feed.id, resolvedFilter);
  return { feed, created, title: feed.title ?? readTitle };
}

type Discovery = ReturnType<typeof resolveFeedUrl>;

/** The discovery's answer, or null when the host is slower than REGISTRATION_WAIT_MS (discovery goes on). */
async function withinRegistrationWait(discovery: Discovery, url: string, deps: RegistrationDeps): Promise<Awaited<Discovery> | null> {
  try {
    return await withTimeout(discovery, deps.config.registrationWaitMs, `discovering the feed of ${url}`);
  } catch (err) {
    if (err instanceof TimeoutError) return null;
    throw err;
  }
}

/**
 * A slow host: the URL is registered as given, due now, and the answer goes
 * out; when discovery finishes it moves the feed to the feed URL it found
 * (due at once again). If discovery fails, so does the first fetch of the URL
 * as given, and that failure shows on the feed (lastError, status).
 */
async function registerWhileDiscovering(
  input: FeedRegistration,
  url: string,
  source: FeedSourceChoice,
  discovery: Discovery,
  deps: RegistrationDeps,
  now: Date,
): Promise<Registered> {
  const { feed, created } = await deps.store.feeds.create(newFeed(input, { url, source, wordpressApi: null, nextFetchAt: now }));
  const log = deps.log.child({ feedId: feed.id, url });
  log.info({ waitedMs: deps.config.registrationWaitMs }, 'feed registered while its host is still answering; discovery continues');
  if (created) {
    discovery.then(
      async (resolved) => {
        const found = canonicalFeedUrl(resolved.url);
        if (found === url) return;
        const taken = await deps.store.feeds.findByUrl(found);
        if (taken) {
          log.warn({ found, otherFeedId: taken.id }, 'discovery found a feed that is registered already; the URL stays as given');
          return;
        }
        await deps.store.feeds.update(feed.id, { url: found, nextFetchAt: new Date() });
        log.info({ found }, 'discovery finished after registration: feed moved to the feed URL it found');
      },
      (err: unknown) => log.info({ err: errorMessage(err) }, 'discovery after registration failed; the fetch of the URL as given will show why'),
    ).catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'could not store the feed URL discovery found'));
  }
  return { feed, created, title: feed.title };
}
