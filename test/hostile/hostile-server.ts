/**
 * A real HTTP server on 127.0.0.1 whose every path answers however the test
 * says (slowly, never, with a bomb, a redirect…), and that counts what it
 * received and which sockets are still open, so a test can show that nothing
 * was fetched from it and that no connection was left behind.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listen, type Listening } from '../helpers/http-servers.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface HostileServer extends Listening {
  port: number;
  route(path: string, handler: Handler): void;
  /** Requests seen on `path` (all paths when omitted). */
  hits(path?: string): number;
  /** Sockets currently open towards the server. */
  openSockets(): number;
}

export async function startHostileServer(): Promise<HostileServer> {
  const routes = new Map<string, Handler>();
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const hit = (counts.get(path) ?? 0) + 1;
    counts.set(path, hit);
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res, hit);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Our handlers may write to a socket the client already dropped.
    socket.on('error', () => undefined);
  });
  const listening = await listen(server);
  return {
    ...listening,
    port: Number(new URL(listening.base).port),
    route: (path, handler) => void routes.set(path, handler),
    hits: (path) => (path === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : counts.get(path) ?? 0),
    openSockets: () => sockets.size,
  };
}

/** Answers a fixed body. */
export function serve(body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8' }): Handler {
  return (_req, res) => {
    res.writeHead(200, headers).end(body);
  };
}

/** An RSS document around raw item XML, with a declaration of the given encoding (none when null). */
export function rssDoc(itemsXml: string, options: { encoding?: string | null; title?: string; head?: string } = {}): string {
  const encoding = options.encoding === undefined ? 'UTF-8' : options.encoding;
  const declaration = encoding === null ? '' : `<?xml version="1.0" encoding="${encoding}"?>\n`;
  return `${declaration}${options.head ?? ''}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${options.title ?? 'Hostile test feed'}</title>
<link>https://hostile.example/</link>
<description>feeds that misbehave</description>
${itemsXml}
</channel>
</rss>`;
}

/** One well-formed item whose body is long enough to survive cleaning. */
export function itemXml(guid: string, title: string, text = `${title} is the story of a long day at the harbour, told in full.`, date = 'Tue, 10 Nov 2026 08:00:00 GMT'): string {
  return `<item><title>${title}</title><link>https://hostile.example/${guid}</link><guid isPermaLink="false">${guid}</guid><pubDate>${date}</pubDate><description>&lt;p&gt;${text}&lt;/p&gt;</description></item>`;
}

/** Encodes text to a single-byte charset through a table of code points (tests only need a few letters). */
export function encodeSingleByte(text: string, table: Record<string, number>): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    const code = ch.charCodeAt(0);
    const mapped = code < 0x80 ? code : table[ch];
    if (mapped === undefined) throw new Error(`no byte for ${JSON.stringify(ch)} in the test table`);
    out[i] = mapped;
  }
  return out;
}
