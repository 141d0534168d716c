/**
 * The hostile-request battery, from outside, against a running feedloom
 * (`npm start`, or the in-process service of battery.test.ts):
 *
 *   npx tsx test/hostile/battery.ts [--base http://127.0.0.1:3000] [--token T]
 *
 * Every request is one that must be refused: URLs with control characters
 * (raw and percent-encoded, every position), names that mean this machine or
 * a metadata service, wildcard-DNS names, every spelling of a private or
 * loopback address, bad schemes and credentials, malformed bodies, OPML with
 * DOCTYPE/entities or cut short, bad ids and query values. A canary HTTP
 * server on 127.0.0.1 stands in for "a private address": every private URL
 * in the battery points at it, and it must never be reached. The target must
 * run without ALLOW_HOSTS covering 127.0.0.1.
 *
 * Passes when: no answer is 5xx, no answer is 2xx/3xx (nothing accepted),
 * every refusal has the error shape with a `code`, the canary saw no
 * request, and no feed or webhook exists afterwards that the battery created.
 * Prints a JSON summary; exits 1 when anything failed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BatteryRequest {
  family: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
}

export interface BatteryResult {
  total: number;
  byStatus: Record<string, number>;
  byFamily: Record<string, number>;
  serverErrors: Array<{ request: BatteryRequest; status: number; body: string }>;
  accepted: Array<{ request: BatteryRequest; status: number; body: string }>;
  withoutCode: Array<{ request: BatteryRequest; status: number; body: string }>;
  canaryHits: number;
  createdFeeds: number;
  createdWebhooks: number;
  ok: boolean;
}

const CONTROLS = ['\u0000', '\u0001', '\t', '\n', '\r', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f'];

/** Every spelling of "the canary on this machine" (loopback), plus names that mean a private network or metadata. */
function privateUrls(port: number): string[] {
  const p = `:${port}`;
  return [
    `http://127.0.0.1${p}/feed`,
    `http://127.1${p}/feed`,
    `http://2130706433${p}/feed`,
    `http://0x7f000001${p}/feed`,
    `http://0177.0.0.1${p}/feed`,
    `http://0x7f.0.0.1${p}/feed`,
    `http://[::1]${p}/feed`,
    `http://[::ffff:127.0.0.1]${p}/feed`,
    `http://[::ffff:7f00:1]${p}/feed`,
    `http://[0:0:0:0:0:ffff:127.0.0.1]${p}/feed`,
    `http://[::127.0.0.1]${p}/feed`,
    `http://[64:ff9b::127.0.0.1]${p}/feed`,
    `http://[2002:7f00:1::]${p}/feed`,
    `http://0.0.0.0${p}/feed`,
    `http://0${p}/feed`,
    `http://localhost${p}/feed`,
    `http://localhost.${p}/feed`,
    `http://LOCALHOST..${p}/feed`,
    `http://feeds.localhost${p}/feed`,
    `http://a.b.localhost.${p}/feed`,
    `http://127.0.0.1.nip.io${p}/feed`,
    `http://app.127.0.0.1.nip.io${p}/feed`,
    `http://127-0-0-1.sslip.io${p}/feed`,
    `http://7f000001.nip.io${p}/feed`,
    `http://localtest.me${p}/feed`,
    `http://sub.localtest.me${p}/feed`,
    `http://lvh.me${p}/feed`,
    `http://vcap.me${p}/feed`,
    `http://127.0.0.1.example.com${p}/feed`,
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://metadata.google.internal./computeMetadata/v1/',
    'http://metadata/computeMetadata/v1/',
    'http://instance-data.ec2.internal/latest/',
    'http://169.254.169.254.nip.io/latest/',
    'http://169-254-169-254.sslip.io/latest/',
    'http://10.0.0.1/feed',
    'http://10-0-0-1.sslip.io/feed',
    'http://192.168.1.1/feed',
    'http://172.16.0.1/feed',
    'http://100.64.0.1/feed',
    'http://[fc00::1]/feed',
    'http://[fe80::1]/feed',
    'http://printer.local/feed',
    'http://router.home.arpa/feed',
    'http://redis:6379/',
    'http://postgres:5432/',
  ];
}

function malformedUrls(port: number): string[] {
  const withControls = CONTROLS.flatMap((c) => [
    `${c}https://example.com/feed`,
    `https://example.com/feed${c}`,
    `https://exa${c}mple.com/feed`,
    `ht${c}tps://example.com/feed`,
    `https://example.com/fe${c}ed`,
    `https://example.com/feed?q=${c}`,
    `https://example.com/feed#${c}`,
    // A control character hiding a private address: the parser would strip it and connect to the canary.
    `http://127.0.0${c}.1:${port}/feed`,
    `http://local${c}host:${port}/feed`,
  ]);
  const encoded = ['%00', '%0a', '%0D%0A', '%09', '%1b', '%7F', '%C2%85', '%c2%9f'].flatMap((e) => [
    `https://example.com/feed${e}`,
    `https://example.com/feed?x=${e}`,
    `https://example.com/${e}Set-Cookie:%20a=b`,
  ]);
  return [
    ...withControls,
    ...encoded,
    'file:///etc/passwd',
    'gopher://127.0.0.1:6379/_FLUSHALL',
    'dict://127.0.0.1:6379/info',
    'ftp://example.com/feed',
    'javascript:alert(1)',
    'data:text/xml,<rss/>',
    'ws://example.com/feed',
    'https://user:pass@example.com/feed',
    'https://:@example.com/feed',
    'https://',
    'http:///feed',
    '//example.com/feed',
    '/relative/feed',
    'not a url',
    '',
    `https://example.com/${'a'.repeat(2100)}`,
    'http://256.256.256.256/',
    'https://exa mple.com/',
  ];
}

const DOCTYPE_OPML = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml version="2.0"><head/><body><outline type="rss" xmlUrl="https://example.com/&x;"/></body></opml>`;
const LAUGHS_OPML = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><opml version="2.0"><body><outline text="&lol3;" xmlUrl="https://example.com/feed"/></body></opml>`;
const TRUNCATED_OPML = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body><outline type="rss" xmlUrl="https://example.com/feed"/><outline type="rss" xmlUrl="https://exa`;
const NOT_XML_OPML = `{"opml": "no"}`;

function opmlWith(urls: string[]): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<?xml version="1.0"?><opml version="2.0"><head/><body>${urls.map((u) => `<outline type="rss" text="x" xmlUrl="${escape(u)}"/>`).join('')}</body></opml>`;
}

export function batteryRequests(canaryPort: number): BatteryRequest[] {
  const json = (family: string, method: string, path: string, body: unknown): BatteryRequest => ({
    family,
    method,
    path,
    body: JSON.stringify(body),
    contentType: 'application/json',
  });
  const requests: BatteryRequest[] = [];
  for (const url of privateUrls(canaryPort)) {
    requests.push(json('private address: feed', 'POST', '/v1/feeds', { url }));
    requests.push(json('private address: webhook', 'POST', '/v1/webhooks', { url }));
    requests.push(json('private address: preview', 'POST', '/v1/preview', { url }));
  }
  for (const url of malformedUrls(canaryPort)) {
    requests.push(json('malformed URL: feed', 'POST', '/v1/feeds', { url }));
    requests.push(json('malformed URL: webhook', 'POST', '/v1/webhooks', { url }));
    requests.push(json('malformed URL: preview', 'POST', '/v1/preview', { url }));
  }
  const opml = (family: string, body: string): BatteryRequest => ({ family, method: 'POST', path: '/v1/opml', body, contentType: 'text/x-opml' });
  requests.push(
    opml('OPML', DOCTYPE_OPML),
    opml('OPML', LAUGHS_OPML),
    opml('OPML', TRUNCATED_OPML),
    opml('OPML', NOT_XML_OPML),
    opml('OPML', ''),
    opml('OPML private outlines', opmlWith(privateUrls(canaryPort).slice(0, 20))),
  );
  const bodies: Array<[string, string | undefined, string | undefined]> = [
    ['{', 'application/json', 'invalid JSON'],
    ['[]', 'application/json', 'array body'],
    ['null', 'application/json', 'null body'],
    ['"https://example.com/feed"', 'application/json', 'string body'],
    [`${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json', 'deep JSON'],
    ['{"url": 42}', 'application/json', 'wrong type'],
    ['{"url": ["https://example.com/feed"]}', 'application/json', 'wrong type'],
    ['{"url": "https://example.com/feed", "extra": true}', 'application/json', 'unknown field'],
    ['{"url": "https://example.com/feed", "__proto__": {"admin": true}}', 'application/json', 'prototype pollution'],
    ['{"url": "https://example.com/feed", "pollIntervalSeconds": 1e308}', 'application/json', 'huge number'],
    ['{"url": "https://example.com/feed", "pollIntervalSeconds": -1}', 'application/json', 'negative number'],
    ['{"url": "https://example.com/feed", "fullText": "sometimes"}', 'application/json', 'bad enum'],
    ['url=https://example.com/feed', 'application/x-www-form-urlencoded', 'form body'],
    ['<rss/>', 'application/xml', 'wrong content type'],
    ['{"url": "https://example.com/feed"}', 'text/plain', 'wrong content type'],
    [`{"url": "https://example.com/${'a'.repeat(3 * 1024 * 1024)}"}`, 'application/json', 'body over the limit'],
  ];
  for (const [body, contentType, family] of bodies) {
    requests.push({ family: `body: ${family}`, method: 'POST', path: '/v1/feeds', body, ...(contentType ? { contentType } : {}) });
  }
  requests.push(
    json('webhook secret', 'POST', '/v1/webhooks', { url: 'https://hooks.example.com/x', secret: 'whsec_' }),
    json('webhook secret', 'POST', '/v1/webhooks', { url: 'https://hooks.example.com/x', secret: 'not-a-secret' }),
    json('webhook events', 'POST', '/v1/webhooks', { url: 'https://hooks.example.com/x', events: ['article.deleted'] }),
    json('webhook feeds', 'POST', '/v1/webhooks', { url: 'https://hooks.example.com/x', feedIds: ['no-such-feed'] }),
  );
  const ids = ['..%2f..%2fetc%2fpasswd', 'x'.repeat(300), '%00', "1'%20OR%20'1'='1", 'nope'];
  for (const id of ids) {
    requests.push({ family: 'ids', method: 'GET', path: `/v1/feeds/${id}` });
    requests.push({ family: 'ids', method: 'GET', path: `/v1/webhooks/${id}` });
    requests.push({ family: 'ids', method: 'GET', path: `/v1/articles/${id}` });
    requests.push({ family: 'ids', method: 'DELETE', path: `/v1/feeds/${id}` });
    requests.push(json('ids', 'PATCH', `/v1/feeds/${id}`, { title: 'x' }));
    requests.push(json('ids', 'PATCH', `/v1/webhooks/${id}`, { url: 'https://hooks.example.com/y' }));
  }
  const queries = ['limit=0', 'limit=-1', 'limit=100000', 'limit=abc', 'cursor=%00%01', 'cursor=not-a-cursor', 'since=yesterday', 'since=99999-99-99'];
  for (const query of queries) requests.push({ family: 'query', method: 'GET', path: `/v1/articles?${query}` });
  requests.push({ family: 'path', method: 'GET', path: `/v1/${'a'.repeat(5000)}` }, { family: 'path', method: 'GET', path: '/v1/feeds/%E0%A4%A' });
  return requests;
}

/**
 * One request; a 429 (the target's rate limit, 600 a minute by default) is
 * waited out and sent again, so that every request is judged on its own
 * merits rather than counted as refused by the limiter.
 */
async function send(base: string, token: string | null, request: BatteryRequest): Promise<{ status: number; body: string }> {
  for (let attempt = 0; ; attempt += 1) {
    const answer = await sendOnce(base, token, request);
    if (answer.status !== 429 || attempt >= 5) return answer;
    await new Promise((resolve) => setTimeout(resolve, Math.min(60, Math.max(1, answer.retryAfter)) * 1000));
  }
}

async function sendOnce(base: string, token: string | null, request: BatteryRequest): Promise<{ status: number; body: string; retryAfter: number }> {
  const headers: Record<string, string> = {};
  if (request.contentType) headers['content-type'] = request.contentType;
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const res = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: await res.text(), retryAfter: Number(res.headers.get('retry-after') ?? 1) };
  } catch (err) {
    // A refused or reset connection is a failure of the server as much as a 500.
    return { status: 599, body: `no answer: ${String(err)}`, retryAfter: 0 };
  }
}

async function listCount(base: string, token: string | null, path: string): Promise<number> {
  const res = await send(base, token, { family: 'count', method: 'GET', path });
  const body = JSON.parse(res.body) as { items?: unknown[] };
  if (!Array.isArray(body.items)) throw new Error(`GET ${path} answered ${res.status}: ${res.body.slice(0, 200)}`);
  return body.items.length;
}

export async function startCanary(): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>canary</title></channel></rss>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function runBattery(base: string, token: string | null, canary: { port: number; hits: () => number }): Promise<BatteryResult> {
  const feedsBefore = await listCount(base, token, '/v1/feeds?limit=200');
  const webhooksBefore = await listCount(base, token, '/v1/webhooks');
  const result: BatteryResult = {
    total: 0,
    byStatus: {},
    byFamily: {},
    serverErrors: [],
    accepted: [],
    withoutCode: [],
    canaryHits: 0,
    createdFeeds: 0,
    createdWebhooks: 0,
    ok: false,
  };
  const requests = batteryRequests(canary.port);
  // A few at a time: enough to be quick, few enough not to trip the rate limit's purpose of testing refusals.
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const request = requests[next++] as BatteryRequest;
      const answer = await send(base, token, request);
      result.total += 1;
      result.byStatus[answer.status] = (result.byStatus[answer.status] ?? 0) + 1;
      result.byFamily[request.family] = (result.byFamily[request.family] ?? 0) + 1;
      const shown = { request: { ...request, body: request.body?.slice(0, 200) }, status: answer.status, body: answer.body.slice(0, 500) };
      if (answer.status >= 500) result.serverErrors.push(shown);
      else if (answer.status < 400) {
        if (!refusedEveryOutline(request, answer)) result.accepted.push(shown);
      } else if (!hasCode(answer.body)) result.withoutCode.push(shown);
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  // Anything queued by mistake would reach the canary within a reconcile tick or two.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  result.canaryHits = canary.hits();
  result.createdFeeds = (await listCount(base, token, '/v1/feeds?limit=200')) - feedsBefore;
  result.createdWebhooks = (await listCount(base, token, '/v1/webhooks')) - webhooksBefore;
  result.ok =
    result.serverErrors.length === 0 &&
    result.accepted.length === 0 &&
    result.withoutCode.length === 0 &&
    result.canaryHits === 0 &&
    result.createdFeeds === 0 &&
    result.createdWebhooks === 0;
  return result;
}

/** An OPML import answers 200 with a report per outline: refused means nothing created and nothing already there. */
function refusedEveryOutline(request: BatteryRequest, answer: { status: number; body: string }): boolean {
  if (request.path !== '/v1/opml' || answer.status !== 200) return false;
  try {
    const report = JSON.parse(answer.body) as { created?: number; existing?: number; invalid?: unknown[] };
    return report.created === 0 && report.existing === 0 && (report.invalid?.length ?? 0) > 0;
  } catch {
    return false;
  }
}

function hasCode(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; statusCode?: unknown };
    return typeof parsed.code === 'string' && typeof parsed.statusCode === 'number';
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | null => {
    const index = args.indexOf(name);
    return index === -1 ? null : (args[index + 1] ?? null);
  };
  const base = (option('--base') ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const token = option('--token') ?? process.env.API_TOKEN ?? null;
  const canary = await startCanary();
  try {
    const result = await runBattery(base, token, canary);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await canary.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main();
}
