import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/fetch/http-client.js';
import { deliverWebhook, type DeliveryInput, type WebhookPoster } from '../../src/publish/deliver.js';
import { generateWebhookSecret } from '../../src/publish/secret.js';
import { listen, type Listening } from '../helpers/http-servers.js';
import { sampleArticle } from './article-fixture.js';

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

const received: Received[] = [];
const held: ServerResponse[] = [];

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
}

const routes: Record<string, (response: ServerResponse) => void> = {
  '/ok': (response) => response.writeHead(204).end(),
  '/accepted': (response) => response.writeHead(202, { 'content-type': 'text/plain' }).end('queued'),
  '/fail': (response) => response.writeHead(500, { 'content-type': 'text/plain' }).end('database down'),
  '/gone': (response) => response.writeHead(410).end('unsubscribed'),
  '/moved': (response) => response.writeHead(302, { location: '/ok' }).end(),
  // Never answers: the client's timeout has to end the attempt.
  '/slow': (response) => void held.push(response),
};

// The real client the deliver worker uses; redirects are not followed on POST.
const poster = new HttpClient({ allowHosts: ['127.0.0.1'], timeoutMs: 2000, maxBytes: 1 << 20, maxRedirects: 0, userAgent: 'feedloom/test' });

let server: Server;
let listening: Listening;
let base: string;
let secret: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const path = request.url ?? '/';
      received.push({ path, headers: flatHeaders(request), body });
      (routes[path] ?? ((r: ServerResponse) => r.writeHead(404).end()))(response);
    });
  });
  listening = await listen(server);
  base = listening.base;
});

afterAll(async () => {
  await poster.close();
  for (const response of held) response.destroy();
  await listening.close();
});

beforeEach(() => {
  received.length = 0;
  secret = generateWebhookSecret();
});

function input(path: string, overrides: Partial<DeliveryInput> = {}): DeliveryInput {
  return {
    url: `${base}${path}`,
    secret,
    msgId: 'msg_delivery_1',
    event: 'article.created',
    article: sampleArticle(),
    timeoutMs: 2_000,
    userAgent: 'feedloom/test',
    ...overrides,
  };
}

describe('deliverWebhook against a real receiver', () => {
  it('succeeds on 2xx with a body the subscriber can verify', async () => {
    const now = new Date();
    const outcome = await deliverWebhook(poster, input('/ok', { now }));
    expect(outcome).toEqual({ kind: 'success', status: 204 });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.headers['user-agent']).toBe('feedloom/test');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    const payload = new Webhook(secret).verify(request?.body ?? '', request?.headers ?? {});
    expect(payload).toEqual({ type: 'article.created', timestamp: now.toISOString(), data: sampleArticle() });
  });

  it('counts any 2xx as success', async () => {
    expect(await deliverWebhook(poster, input('/accepted'))).toEqual({ kind: 'success', status: 202 });
  });

  it('keeps one webhook-id across retries of the same event', async () => {
    await deliverWebhook(poster, input('/fail', { msgId: 'msg_same' }));
    await deliverWebhook(poster, input('/ok', { msgId: 'msg_same', event: 'article.created' }));
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(['msg_same', 'msg_same']);
  });

  it('retries on 500, quoting the answer', async () => {
    expect(await deliverWebhook(poster, input('/fail'))).toEqual({
      kind: 'retry',
      status: 500,
      error: 'subscriber answered HTTP 500: database down',
    });
  });

  it('disables on 410 Gone', async () => {
    const outcome = await deliverWebhook(poster, input('/gone'));
    expect(outcome.kind).toBe('disable');
    expect(outcome.status).toBe(410);
  });

  it('retries a redirect instead of following it', async () => {
    expect(await deliverWebhook(poster, input('/moved'))).toMatchObject({ kind: 'retry', status: 302 });
    expect(received.map((r) => r.path)).toEqual(['/moved']);
  });

  it('retries when the receiver does not answer within the timeout', async () => {
    const outcome = await deliverWebhook(poster, input('/slow', { timeoutMs: 200 }));
    expect(outcome.kind).toBe('retry');
    expect(outcome.status).toBeNull();
    if (outcome.kind === 'retry') expect(outcome.error).toMatch(/^webhook POST failed: .*(timeout|aborted)/i);
    expect(received.map((r) => r.path)).toEqual(['/slow']);
  });

  it('retries when the connection is refused, naming the cause', async () => {
    const { port, close } = await listen(createServer());
    await close();

    const outcome = await deliverWebhook(poster, input('/ok', { url: `http://127.0.0.1:${port}/hook` }));
    expect(outcome.kind).toBe('retry');
    expect(outcome.status).toBeNull();
    if (outcome.kind === 'retry') expect(outcome.error).toContain('ECONNREFUSED');
  });
});

describe('deliverWebhook never throws', () => {
  it('turns a malformed secret into a retry outcome without sending anything', async () => {
    const outcome = await deliverWebhook(poster, input('/ok', { secret: 'whsec_tooshort' }));
    expect(outcome).toMatchObject({ kind: 'retry', status: null });
    if (outcome.kind === 'retry') expect(outcome.error).toContain('whsec_');
    expect(received).toHaveLength(0);
  });

  it('names the cause of a bare network error once', async () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:9');
    const failing = (error: Error): WebhookPoster => ({ post: () => Promise.reject(error) });
    const bare = await deliverWebhook(failing(new Error('fetch failed', { cause: refused })), input('/ok'));
    expect(bare).toMatchObject({ error: 'webhook POST failed: fetch failed: connect ECONNREFUSED 127.0.0.1:9' });
    const quoting = new Error(`cannot reach the subscriber: ${refused.message}`, { cause: refused });
    const quoted = await deliverWebhook(failing(quoting), input('/ok'));
    expect(quoted).toMatchObject({ error: 'webhook POST failed: cannot reach the subscriber: connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('turns a poster that rejects with a non-Error into a retry outcome', async () => {
    const rejecting: WebhookPoster = { post: () => Promise.reject('blocked address') };
    expect(await deliverWebhook(rejecting, input('/ok'))).toEqual({
      kind: 'retry',
      status: null,
      error: 'webhook POST failed: blocked address',
    });
  });
});
