/**
 * Real HTTP servers on 127.0.0.1 for tests: a feed server whose documents can
 * change between polls (with ETag / conditional GET), and a webhook receiver
 * that records every request and answers what the test tells it to.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  port: number;
  base: string;
  close(): Promise<void>;
}

/** The one way tests start a server: on 127.0.0.1, on a port the system picks. */
export async function listen(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface FeedServer extends Listening {
  /** Sets (or replaces) the document served at `path`. */
  set(path: string, body: string, contentType?: string): void;
  /** Requests seen per path, and how many were answered 304. */
  hits(path: string): { total: number; notModified: number };
}

export async function startFeedServer(): Promise<FeedServer> {
  const docs = new Map<string, { body: string; contentType: string; etag: string }>();
  const counts = new Map<string, { total: number; notModified: number }>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const count = counts.get(path) ?? { total: 0, notModified: 0 };
    counts.set(path, count);
    count.total += 1;
    const doc = docs.get(path);
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.headers['if-none-match'] === doc.etag) {
      count.notModified += 1;
      res.writeHead(304, { etag: doc.etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': doc.contentType, etag: doc.etag }).end(doc.body);
  });
  const listening = await listen(server);
  return {
    ...listening,
    set(path, body, contentType = 'application/rss+xml; charset=utf-8') {
      docs.set(path, { body, contentType, etag: `"${createHash('sha1').update(body).digest('hex')}"` });
    },
    hits: (path) => ({ ...(counts.get(path) ?? { total: 0, notModified: 0 }) }),
  };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface WebhookReceiver extends Listening {
  received: ReceivedWebhook[];
  /** Decides the status of each request in turn (default 200). */
  respond: (request: { headers: IncomingHttpHeaders; body: string }, index: number) => number;
  /** Requests answered 2xx. */
  accepted(): ReceivedWebhook[];
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver = {} as WebhookReceiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = receiver.respond({ headers: req.headers, body }, received.length);
      received.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
  });
  Object.assign(receiver, await listen(server), {
    received,
    respond: () => 200,
    accepted: () => received.filter((r) => r.status >= 200 && r.status < 300),
  });
  return receiver;
}

/** Builds an RSS 2.0 document with the given items (newest first). */
export function rss(items: { guid: string; title: string; body: string; date: string; link?: string; creator?: string }[], title = 'Test Feed'): string {
  const entries = items
    .map(
      (item) => `<item>
  <title>${item.title}</title>
  <link>${item.link ?? `https://news.example/${item.guid}`}</link>
  <guid isPermaLink="false">${item.guid}</guid>
  <pubDate>${new Date(item.date).toUTCString()}</pubDate>
  ${item.creator ? `<dc:creator>${item.creator}</dc:creator>` : ''}
  <content:encoded><![CDATA[${item.body}]]></content:encoded>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${title}</title>
<link>https://news.example/</link>
<description>Items for tests</description>
${entries}
</channel>
</rss>`;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
