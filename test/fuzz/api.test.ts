/**
 * Property tests of the HTTP API, through the real app on a real store
 * (SQLite) and Redis: random methods × every /v1 route of API.md (with real,
 * random and malformed ids) × random JSON bodies and query strings, and raw
 * invalid UTF-8 bodies. Bad input is the client's problem: every answer is
 * below 500, and a refusal is JSON with a string `code`.
 *
 * One exception, from the contract itself: POST /v1/preview answers 502 when
 * the feed's server cannot be reached (API.md, "Preview"), and the URLs here
 * name hosts that never resolve (.invalid, .test) or addresses the SSRF guard
 * refuses, so no request leaves the machine.
 */
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanArticle, feedWithItems } from '../store/fixtures.js';
import { TOKEN, useTestApi } from '../api/harness.js';

// A generous rate limit: the fuzzer sends hundreds of requests with one token, and a 429 would hide the routes.
const api = useTestApi({ env: { RATE_LIMIT_MAX: '1000000' } });

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS';
const METHODS: Method[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'];

/** The routes of API.md with their methods; `:id` and `:deliveryId` are filled in per request. */
const ROUTES: Array<{ method: Method; path: string }> = [
  { method: 'POST', path: '/v1/feeds' },
  { method: 'GET', path: '/v1/feeds' },
  { method: 'GET', path: '/v1/feeds/:id' },
  { method: 'PATCH', path: '/v1/feeds/:id' },
  { method: 'DELETE', path: '/v1/feeds/:id' },
  { method: 'POST', path: '/v1/feeds/:id/fetch' },
  { method: 'POST', path: '/v1/opml' },
  { method: 'GET', path: '/v1/opml' },
  { method: 'GET', path: '/v1/articles' },
  { method: 'GET', path: '/v1/articles/:id' },
  { method: 'POST', path: '/v1/preview' },
  { method: 'POST', path: '/v1/webhooks' },
  { method: 'GET', path: '/v1/webhooks' },
  { method: 'GET', path: '/v1/webhooks/:id' },
  { method: 'DELETE', path: '/v1/webhooks/:id' },
  { method: 'GET', path: '/v1/webhooks/:id/deliveries' },
  { method: 'POST', path: '/v1/webhooks/:id/deliveries/:deliveryId/retry' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  { method: 'GET', path: '/metrics' },
  { method: 'GET', path: '/v1/nothing-here' },
];

// ---------------------------------------------------------------------------------------------
// Values

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83Dz', '\uDE00\uD83D'];
const SQLISH = ["' OR '1'='1", "'; DROP TABLE feeds; --", '" OR 1=1 --', '1; SELECT * FROM articles', '%', '_', '\\', "\\'", 'NULL', '*', '"fts" NEAR("x")', 'a OR b', '-x', '^'];
const PATHISH = ['../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', 'file:///etc/passwd', '%2e%2e%2f', '....//', '\u0000', 'C:\\', '~/.ssh/id_rsa'];
const URLS = [
  'https://feeds.example.invalid/feed.xml', 'http://blog.example.test/', 'http://127.0.0.1/feed', 'http://localhost:6379/', 'http://[::1]/', 'http://0x7f.1/',
  'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://user:pass@feeds.example.invalid/', 'javascript:alert(1)', 'ftp://files.example.invalid/x',
  'file:///etc/passwd', 'data:text/html,x', 'https://', 'http://exa mple.invalid/', 'https://feeds.example.invalid/%zz', `https://x.invalid/${'a'.repeat(2100)}`,
  'https://xn--n3h.invalid/', 'HTTPS://FEEDS.EXAMPLE.INVALID/FEED', 'http://256.256.256.256/', 'gopher://x.invalid/', ' https://lead.example.invalid/ ',
];
const HUGE_NUMBERS = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, 1e21, -0, 0.5, -1, 0, 59, 60, 86400, 86401, 31_536_001];

const weirdStringArb: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...LONE_SURROGATES, ...SQLISH, ...PATHISH, ...URLS, '', ' ', 'whsec_', 'whsec_AAAA', 'article.created', 'auto', 'paused', 'active'),
  fc.string({ minLength: 90, maxLength: 600 }),
);

const jsonLeafArb: fc.Arbitrary<unknown> = fc.oneof(
  weirdStringArb,
  fc.constantFrom(...HUGE_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  jsonLeafArb,
  fc.array(jsonLeafArb, { maxLength: 5 }),
  fc.dictionary(weirdStringArb, jsonLeafArb, { maxKeys: 4 }),
  fc.jsonValue(),
);

/** Half the time a valid value for the field, half the time anything. */
function field<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(valid, jsonish);
}

const keywordsArb = fc.array(fc.oneof(fc.constantFrom('news', 'Tom & Jerry', 'a'), weirdStringArb), { maxLength: 4 });

/** Objects shaped like the real bodies (so validation often passes and deeper code runs), with odd values. */
const shapedBodyArb: fc.Arbitrary<unknown> = fc.oneof(
  // POST /v1/feeds and PATCH /v1/feeds/:id
  fc.record(
    {
      url: field(fc.constantFrom(...URLS)),
      title: field(fc.oneof(weirdStringArb, fc.constant(null))),
      pollIntervalSeconds: field(fc.oneof(fc.constantFrom(...HUGE_NUMBERS), fc.integer({ min: 1, max: 100_000 }), fc.constant(null))),
      fullText: field(fc.constantFrom('auto', 'always', 'never')),
      include: field(keywordsArb),
      exclude: field(keywordsArb),
      tags: field(keywordsArb),
      status: field(fc.constantFrom('active', 'paused')),
    },
    { requiredKeys: [] },
  ),
  // POST /v1/webhooks
  fc.record(
    {
      url: field(fc.constantFrom(...URLS)),
      secret: field(fc.constantFrom('whsec_', `whsec_${Buffer.alloc(32, 7).toString('base64')}`, 'whsec_!!!!', `whsec_${Buffer.alloc(8).toString('base64')}`)),
      feedIds: field(fc.array(fc.oneof(weirdStringArb, fc.constant('missing')), { maxLength: 4 })),
      events: field(fc.array(fc.constantFrom('article.created', 'article.updated', 'article.deleted'), { maxLength: 3 })),
    },
    { requiredKeys: ['url'] },
  ),
  // POST /v1/preview
  fc.record({ url: field(fc.constantFrom(...URLS)), fullText: field(fc.constantFrom('auto', 'always', 'never')) }, { requiredKeys: ['url'] }),
);

/** JSON text that JSON.stringify never writes: huge literals, deep nesting, prototype keys, duplicates. */
const RAW_JSON = [
  '{"url":"https://x.invalid/","pollIntervalSeconds":1e999}',
  '{"pollIntervalSeconds":123456789012345678901234567890}',
  '{"__proto__":{"polluted":true},"url":"https://x.invalid/"}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"url":"https://a.invalid/","url":"https://b.invalid/"}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
  '"just a string"',
  'null',
  '[]',
  '',
  '{',
  '{"url": "\\ud800"}',
  '{"title": "\\u0000"}',
  '\uFEFF{"url":"https://x.invalid/"}',
];

/** Bytes that are not UTF-8 (lone continuation bytes, overlongs, surrogates encoded, truncated sequences). */
const invalidUtf8Arb = fc
  .tuple(
    fc.constantFrom('{"url":"', '{"title":"', '', '{"', '["'),
    fc.array(fc.constantFrom([0xff], [0xfe], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xc3]), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('"}', '', '"]', '"'),
  )
  .map(([head, bytes, tail]) => Buffer.concat([Buffer.from(head), Buffer.from(bytes.flat()), Buffer.from(tail)]));

const CONTENT_TYPES = [
  'application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1',
  'application/json; charset=utf-16', 'application/JSON', 'application/json;;', 'text/plain', 'application/x-www-form-urlencoded',
  'application/xml', 'text/x-opml', 'multipart/form-data; boundary=x', 'application/octet-stream', '', 'application/problem+json', '*/*', 'application',
];

type Payload = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'bytes'; bytes: Buffer };

const payloadArb: fc.Arbitrary<Payload> = fc.oneof(
  fc.constant<Payload>({ kind: 'none' }),
  { weight: 5, arbitrary: shapedBodyArb.map<Payload>((value) => ({ kind: 'json', value })) },
  { weight: 2, arbitrary: jsonish.map<Payload>((value) => ({ kind: 'json', value })) },
  fc.constantFrom(...RAW_JSON).map<Payload>((text) => ({ kind: 'raw', text })),
  fc.constantFrom('<opml version="2.0"><body><outline xmlUrl="http://127.0.0.1/x"/><outline xmlUrl="javascript:x"/></body></opml>', '<opml', '<?xml?><x/>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body><outline xmlUrl="&e;"/></body></opml>').map<Payload>((text) => ({ kind: 'raw', text })),
  invalidUtf8Arb.map<Payload>((bytes) => ({ kind: 'bytes', bytes })),
);

/** A string as a URL component: its UTF-8 bytes percent-encoded (lone surrogates become U+FFFD, as a client would send). */
function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Path segments as clients (and attackers) write them, already in URL form. */
const RAW_SEGMENTS = ['%', '%zz', '%ED%A0%80', '%FF', '%00', '%2F', '..', '.', '%2e%2e', 'a%2Fb', '%C0%AF', 'x'.repeat(150), 'y'.repeat(250), '%E2%82', '🙂', 'null', 'undefined', '0'];

const QUERY_KEYS = ['limit', 'cursor', 'tag', 'status', 'feedId', 'since', 'q', 'purge', '__proto__', 'constructor', 'limit[]', 'a[b]', ''];
const queryValueArb: fc.Arbitrary<string> = fc.oneof(
  weirdStringArb.map(percentEncode),
  fc.constantFrom(...HUGE_NUMBERS.map(String), '1e309', 'NaN', 'Infinity', '-0', '0x10', '1.5', '50', 'true', 'false', '2024-05-01', '2024-13-45T99:99', '9999-12-31T23:59:59Z', '+275760-09-13'),
  fc.constantFrom('%', '%zz', '%ED%A0%80', '%FF', 'a=b', '&', '#', '+', '%2B'),
  fc.base64String({ maxLength: 40 }).map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
);
const queryArb: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValueArb, fc.boolean()), { maxLength: 5 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([key, value, bare]) => (bare && value === '' ? key : `${key}=${value}`)).join('&')}`)),
  fc.constantFrom('?', '?&&&', '?=', '?limit', '?limit=1&limit=2', '?q=%', '?%=%', '?cursor=eyJ4IjoxfQ', '?since=', '?status=paused&status=active'),
);

interface Request {
  method: Method;
  path: string;
  query: string;
  payload: Payload;
  contentType: string;
  auth: 'token' | 'none' | 'wrong';
}

function idArb(known: () => string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(null).map(() => known()).chain((ids) => (ids.length > 0 ? fc.constantFrom(...ids) : fc.constant('missing'))),
    weirdStringArb.map(percentEncode),
    fc.constantFrom(...RAW_SEGMENTS),
  );
}

function requestArb(ids: { feeds: () => string[]; articles: () => string[]; webhooks: () => string[]; deliveries: () => string[] }): fc.Arbitrary<Request> {
  const any = fc.oneof(idArb(ids.feeds), idArb(ids.articles), idArb(ids.webhooks), idArb(ids.deliveries));
  return fc
    .record({
      route: fc.constantFrom(...ROUTES),
      otherMethod: fc.option(fc.constantFrom(...METHODS), { freq: 5, nil: null }),
      feedId: idArb(ids.feeds),
      articleId: idArb(ids.articles),
      webhookId: idArb(ids.webhooks),
      deliveryId: idArb(ids.deliveries),
      anyId: any,
      mixIds: fc.boolean(),
      query: queryArb,
      // Mostly what a client sends (JSON, labelled as JSON) so requests get past the parser; sometimes anything.
      body: fc.oneof(
        { weight: 3, arbitrary: fc.tuple(payloadArb, fc.constant('application/json')) },
        { weight: 1, arbitrary: fc.tuple(payloadArb, fc.constantFrom(...CONTENT_TYPES)) },
      ),
      bodyOnRead: fc.boolean(),
      auth: fc.constantFrom<Request['auth']>('token', 'token', 'token', 'token', 'token', 'token', 'token', 'token', 'none', 'wrong'),
    })
    .map((r) => {
      const own = r.route.path.startsWith('/v1/articles') ? r.articleId : r.route.path.startsWith('/v1/webhooks') ? r.webhookId : r.feedId;
      const path = r.route.path.replace(':deliveryId', r.mixIds ? r.anyId : r.deliveryId).replace(':id', r.mixIds ? r.anyId : own);
      const method = r.otherMethod ?? r.route.method;
      const [bodyPayload, contentType] = r.body;
      // Reads usually come without a body; a quarter of them carry one anyway.
      const payload: Payload = (method === 'POST' || method === 'PATCH' || method === 'PUT' || r.bodyOnRead) ? bodyPayload : { kind: 'none' };
      return { method, path, query: r.query, payload, contentType, auth: r.auth };
    });
}

function injectOptions(request: Request): InjectOptions {
  const headers: Record<string, string> = {};
  if (request.auth === 'token') headers['authorization'] = `Bearer ${TOKEN}`;
  if (request.auth === 'wrong') headers['authorization'] = `Bearer ${TOKEN}x`;
  const options: InjectOptions = { method: request.method, url: `${request.path}${request.query}`, headers };
  const { payload } = request;
  if (payload.kind === 'none') return options;
  if (request.contentType !== '') headers['content-type'] = request.contentType;
  if (payload.kind === 'json') options.payload = JSON.stringify(payload.value) ?? 'null';
  else if (payload.kind === 'raw') options.payload = payload.text;
  else options.payload = payload.bytes;
  return options;
}

/** API.md: preview reports an unreachable upstream as 502. Nothing else may be 5xx. */
function contractualUpstreamFailure(request: Request, response: LightMyRequestResponse, code: unknown): boolean {
  return request.method === 'POST' && request.path === '/v1/preview' && response.statusCode === 502 && typeof code === 'string' && code !== 'INTERNAL';
}

function describeRequest(request: Request): string {
  const { payload } = request;
  const body =
    payload.kind === 'none' ? '' : payload.kind === 'json' ? JSON.stringify(payload.value) : payload.kind === 'raw' ? payload.text : `bytes ${payload.bytes.toString('hex')}`;
  return `${request.method} ${request.path}${request.query} [${request.contentType}] ${body.slice(0, 300)}`;
}

async function checkAnswer(request: Request): Promise<void> {
  const response = await api.app.inject(injectOptions(request));
  const where = `${describeRequest(request)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  let code: unknown;
  if (response.statusCode >= 400 && request.method !== 'HEAD') {
    let body: unknown;
    try {
      body = response.json();
    } catch {
      body = undefined;
    }
    expect(typeof body === 'object' && body !== null, where).toBe(true);
    code = (body as { code?: unknown }).code;
    expect(typeof code, where).toBe('string');
    // The API's own stable codes, in the API's error shape: never Fastify's internal FST_ names.
    expect(code, where).toMatch(/^(?!FST_)[A-Z][A-Z0-9_]*$/);
    expect((body as { statusCode?: unknown }).statusCode, where).toBe(response.statusCode);
  }
  if (!contractualUpstreamFailure(request, response, code)) expect(response.statusCode, where).toBeLessThan(500);
}

describe('API fuzz', () => {
  const known = { feeds: [] as string[], articles: [] as string[], webhooks: [] as string[], deliveries: [] as string[] };

  beforeAll(async () => {
    // Real rows to aim at: a webhook (so articles get deliveries), a feed with two articles.
    const webhook = await api.store.webhooks.create({
      url: 'https://hooks.example.invalid/in',
      secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
      feedIds: null,
      events: ['article.created', 'article.updated'],
    });
    const { feedId, itemIds } = await feedWithItems(api.store, ['fuzz-1', 'fuzz-2']);
    for (const [i, itemId] of itemIds.entries()) {
      await api.store.articles.saveFromItem(itemId, cleanArticle(`fuzz-${i + 1}`, `Fuzz article number ${i + 1} about feeds`), { at: new Date() });
    }
    const articles = await api.store.articles.list({ limit: 10 });
    const deliveries = await api.store.deliveries.list(webhook.id, { limit: 10 });
    known.feeds.push(feedId);
    known.webhooks.push(webhook.id);
    known.articles.push(...articles.items.map((a) => a.id));
    known.deliveries.push(...deliveries.items.map((d) => d.id));
    expect(known.articles).toHaveLength(2);
    expect(known.deliveries.length).toBeGreaterThan(0);
  });

  it('random requests to every route: never 5xx, refusals are JSON with a code', async () => {
    const arb = requestArb({ feeds: () => known.feeds, articles: () => known.articles, webhooks: () => known.webhooks, deliveries: () => known.deliveries });
    await fc.assert(fc.asyncProperty(arb, checkAnswer), { numRuns: 300 });
  });

  it('invalid UTF-8 JSON bodies on every route that takes a body: a 4xx with a code', async () => {
    const bodyRoutes = ROUTES.filter((route) => route.method === 'POST' || route.method === 'PATCH');
    const arb = fc.record({
      route: fc.constantFrom(...bodyRoutes),
      bytes: invalidUtf8Arb,
      contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ route, bytes, contentType }) => {
        const path = route.path.replace(':deliveryId', known.deliveries[0] ?? 'x').replace(':id', route.path.startsWith('/v1/webhooks') ? (known.webhooks[0] ?? 'x') : (known.feeds[0] ?? 'x'));
        await checkAnswer({ method: route.method, path, query: '', payload: { kind: 'bytes', bytes }, contentType, auth: 'token' });
      }),
      { numRuns: 100 },
    );
  });
});
