/** The Feed object of API.md and the bodies that create and change one. */
import { Type } from '@fastify/type-provider-typebox';
import { FEED_RULE_LIMITS, FEED_RULE_NAMES } from '../../normalize/feed-rules/index.js';
import { RULE_NAMES } from '../../normalize/rules/index.js';
import { Cursor, FullText, HttpUrl, Keywords, Limit, Nullable, Tags, Timestamp } from './common.js';

export const FeedKind = Type.Enum(['rss', 'atom', 'rdf', 'json', 'wordpress']);
export const FeedStatus = Type.Enum(['active', 'paused', 'failing', 'gone']);
export const ScheduleMode = Type.Enum(['adaptive', 'fixed'], {
  description: 'fixed polls exactly every pollIntervalSeconds; adaptive follows the feed and its server',
});
export const ScheduleReason = Type.Enum(['fixed', 'adaptive', 'ttl', 'retry-after', 'backoff', 'websub']);
const HeaderMap = Type.Record(
  Type.String({ maxLength: 100 }),
  Type.String({ maxLength: 2_000 }),
  {
    maxProperties: 20,
    description: 'extra request headers (no hop-by-hop, Host, credential or conditional headers)',
  },
);
export const FetchOptionsOut = Type.Object({
  headers: Type.Record(Type.String(), Type.String()),
  userAgent: Nullable(Type.String()),
  basicAuth: Nullable(Type.Object({ username: Type.String() })),
});
export const FetchOptionsIn = Type.Object(
  {
    headers: Type.Optional(HeaderMap),
    userAgent: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 300 }))),
    basicAuth: Type.Optional(
      Nullable(
        Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 500 }),
            password: Type.Optional(Type.String({ maxLength: 500, description: 'write-only; omitted on PATCH keeps the stored one' })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false, description: 'per-feed request options; each field given replaces the stored one' },
);
export const FeedWebSub = Type.Object({
  hub: Nullable(Type.String()),
  status: Type.Enum(['none', 'pending', 'subscribed', 'failed']),
  leaseExpiresAt: Nullable(Timestamp),
});
const CssSelector = Type.String({
  minLength: 1,
  maxLength: FEED_RULE_LIMITS.selectorLength,
  description: 'a CSS selector (css-select: CSS3 and :has, :not, :contains, :is); one that does not parse is a 400 INVALID_RULE',
});
const FeedReplacementIn = Type.Object(
  {
    pattern: Type.String({
      minLength: 1,
      maxLength: FEED_RULE_LIMITS.patternLength,
      description: 'RE2 syntax (linear-time matching: no backreferences, no lookaround); run on the raw body HTML',
    }),
    replacement: Type.String({
      maxLength: FEED_RULE_LIMITS.replacementLength,
      description: '$1, $<name>, $& and $$ expand as in JavaScript; $` and $\' are refused',
    }),
    flags: Type.Optional(Type.String({ maxLength: 3, description: 'any of i (ignore case), m (multi-line), s (. matches newlines)' })),
  },
  { additionalProperties: false },
);
/** Per-feed cleaning settings; an unknown rule name, a selector or a pattern that does not compile is a 400. */
export const FeedRulesIn = Type.Object(
  {
    disable: Type.Optional(
      Type.Array(Type.Enum([...RULE_NAMES, ...FEED_RULE_NAMES]), {
        maxItems: 100,
        description: 'cleaning rules that must not run on this feed (see GET /v1/articles/:id/provenance for their names)',
      }),
    ),
    remove: Type.Optional(
      Type.Array(CssSelector, { maxItems: FEED_RULE_LIMITS.selectors, description: 'elements removed from every body of this feed' }),
    ),
    body: Type.Optional(
      Nullable(
        Type.String({
          minLength: 1,
          maxLength: FEED_RULE_LIMITS.selectorLength,
          description: 'a CSS selector: the elements it matches become the body (when it matches nothing the whole body stays)',
        }),
      ),
    ),
    replace: Type.Optional(
      Type.Array(FeedReplacementIn, {
        maxItems: FEED_RULE_LIMITS.replacements,
        description: 'regex replacements, in order, on the raw body HTML before it is parsed',
      }),
    ),
  },
  { additionalProperties: false, description: 'each field given replaces the stored one; null clears them all' },
);
export const FeedRulesOut = Type.Object({
  disable: Type.Array(Type.String()),
  remove: Type.Array(Type.String()),
  body: Nullable(Type.String()),
  replace: Type.Array(Type.Object({ pattern: Type.String(), replacement: Type.String(), flags: Type.Optional(Type.String()) })),
});
const Title = Type.String({ maxLength: 500 });
export const FeedSource = Type.Enum(['auto', 'feed', 'wordpress'], {
  description: 'auto: the WordPress REST API when the site has one and it answers, else the feed',
});
const SiteTerms = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 });
export const WordPressFilter = Type.Object(
  {
    categories: Type.Optional(SiteTerms),
    tags: Type.Optional(SiteTerms),
    postType: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }))),
  },
  { additionalProperties: false, description: "the site's categories and tags (names or slugs) and post type to read" },
);
export const BackfillLimit = Type.Integer({ minimum: 1, maximum: 100_000, description: 'how many older posts to read' });
export const BackfillProgress = Type.Object({
  status: Type.Enum(['running', 'done', 'failed']),
  fetched: Type.Integer(),
  limit: Type.Integer(),
  error: Type.Optional(Nullable(Type.String())),
});
const PollInterval = Type.Integer({ minimum: 1, maximum: 31_536_000, description: 'bounded by MIN_POLL_SECONDS and MAX_POLL_SECONDS' });

export const Feed = Type.Object({
  id: Type.String(),
  url: Type.String(),
  title: Nullable(Type.String()),
  siteUrl: Nullable(Type.String()),
  kind: Nullable(FeedKind),
  status: FeedStatus,
  pollIntervalSeconds: Type.Integer(),
  fullText: FullText,
  include: Type.Array(Type.String()),
  exclude: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  lastFetchedAt: Nullable(Timestamp),
  lastSuccessAt: Nullable(Timestamp),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastWarning: Type.Optional(Nullable(Type.String({ description: 'the last document was not well-formed and was read leniently: what was wrong' }))),
  consecutiveFailures: Type.Integer(),
  nextFetchAt: Nullable(Timestamp),
  articleCount: Type.Integer(),
  filteredCount: Type.Optional(Type.Integer({ description: 'items the include/exclude filters dropped' })),
  createdAt: Timestamp,
  schedule: ScheduleMode,
  effectivePollSeconds: Type.Integer({ description: 'the interval the scheduler really uses' }),
  scheduleReason: ScheduleReason,
  websub: FeedWebSub,
  fetch: FetchOptionsOut,
  source: FeedSource,
  sourceInUse: Nullable(Type.Enum(['feed', 'wordpress'])),
  wordpress: Nullable(
    Type.Object({ categories: Type.Array(Type.String()), tags: Type.Array(Type.String()), postType: Type.Optional(Nullable(Type.String())) }),
  ),
  backfill: Nullable(BackfillProgress),
  rules: FeedRulesOut,
  skipped: Type.Object({
    count: Type.Integer({ description: 'items not published because they are not articles' }),
    lastReason: Nullable(Type.String()),
  }),
});

export const CreateFeedBody = Type.Object(
  {
    url: HttpUrl,
    title: Type.Optional(Title),
    pollIntervalSeconds: Type.Optional(PollInterval),
    fullText: Type.Optional(FullText),
    include: Type.Optional(Keywords),
    exclude: Type.Optional(Keywords),
    tags: Type.Optional(Tags),
    schedule: Type.Optional(ScheduleMode),
    fetch: Type.Optional(FetchOptionsIn),
    source: Type.Optional(FeedSource),
    wordpress: Type.Optional(WordPressFilter),
    backfill: Type.Optional(BackfillLimit),
    rules: Type.Optional(FeedRulesIn),
  },
  { additionalProperties: false },
);

export const UpdateFeedBody = Type.Object(
  {
    title: Type.Optional(Nullable(Title)),
    pollIntervalSeconds: Type.Optional(Nullable(PollInterval)),
    fullText: Type.Optional(FullText),
    include: Type.Optional(Keywords),
    exclude: Type.Optional(Keywords),
    tags: Type.Optional(Tags),
    status: Type.Optional(Type.Enum(['active', 'paused'])),
    schedule: Type.Optional(ScheduleMode),
    fetch: Type.Optional(Nullable(FetchOptionsIn)),
    source: Type.Optional(FeedSource),
    wordpress: Type.Optional(Nullable(WordPressFilter)),
    rules: Type.Optional(Nullable(FeedRulesIn)),
  },
  { additionalProperties: false },
);

export const BackfillBody = Type.Object({ limit: BackfillLimit }, { additionalProperties: false });

export const ListFeedsQuery = Type.Object(
  {
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    status: Type.Optional(FeedStatus),
  },
);

export const DeleteFeedQuery = Type.Object({
  purge: Type.Optional(Type.Boolean({ description: 'also delete its articles' })),
});

export const FeedExists = Type.Object({
  statusCode: Type.Literal(409),
  code: Type.Literal('FEED_EXISTS'),
  error: Type.String(),
  message: Type.String(),
  feedId: Type.String(),
});

export const FetchHistoryQuery = Type.Object({
  limit: Type.Optional(Limit),
  cursor: Type.Optional(Cursor),
});

export const FetchLogEntry = Type.Object({
  id: Type.String(),
  startedAt: Timestamp,
  durationMs: Type.Integer(),
  url: Nullable(Type.String()),
  httpStatus: Nullable(Type.Integer()),
  notModified: Type.Boolean(),
  bytes: Nullable(Type.Integer()),
  items: Nullable(Type.Integer({ description: 'items in the document' })),
  newArticles: Type.Integer({ description: 'items never seen before, sent to the article stage' }),
  updatedArticles: Type.Integer({ description: 'items seen before whose content changed' }),
  skipped: Type.Integer({ description: "items the feed's filters dropped" }),
  error: Nullable(Type.String()),
  warning: Nullable(Type.String()),
});

export const BulkFetchBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 10_000, uniqueItems: true })),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false, description: 'exactly one of ids or tag' },
);

export const BulkFetchAccepted = Type.Object({
  count: Type.Integer({ description: 'fetches queued' }),
  jobIds: Type.Array(Type.String()),
  notFound: Type.Array(Type.String({ description: 'ids that name no feed' })),
});
