/**
 * For the publishing tests: a real WordPress site (test/wordpress/wp-up.sh,
 * through wordpress-site.ts), the REST reads they check it with, and a proxy
 * in front of the site that can lose or refuse answers on cue.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, type Listening } from './http-servers.js';
import { startWordPress } from './wordpress-site.js';

export interface WordPressSite {
  url: string;
  username: string;
  password: string;
}

const sites = new Map<number, Promise<WordPressSite>>();

/** The site on `port`, made fresh (dropped and installed again) the first time a test process asks for it. */
export function wordpressSite(port: number): Promise<WordPressSite> {
  let site = sites.get(port);
  if (!site) {
    site = startWordPress(port, { fresh: true }).then((s) => ({ url: s.url, username: s.user, password: s.password }));
    sites.set(port, site);
  }
  return site;
}

/** A REST call as the site's admin; throws on a non-2xx answer. */
export async function wp<T = unknown>(site: WordPressSite, method: string, route: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${site.username}:${site.password}`).toString('base64')}`,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${site.url}/wp-json/${route.replace(/^\//, '')}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface WpPost {
  id: number;
  slug: string;
  status: string;
  link: string;
  title: { raw?: string; rendered: string };
  content: { raw?: string; rendered: string };
  categories: number[];
  tags: number[];
  featured_media: number;
  author: number;
}

/** Every post (any status) whose slug is exactly `slug`. */
export function postsBySlug(site: WordPressSite, slug: string): Promise<WpPost[]> {
  return wp<WpPost[]>(site, 'GET', `wp/v2/posts?slug=${encodeURIComponent(slug)}&status=any&context=edit`);
}

/** What the proxy does with one request; `forward` sends it to the site and relays the answer. */
export type ProxyRule = (req: IncomingMessage, body: Buffer) => 'forward' | 'forward-then-drop' | 'hold' | { status: number; body: string } | undefined;

export interface WordPressProxy extends Listening {
  /** Decides per request (default: forward). */
  rule: ProxyRule;
  /** Requests seen, as "METHOD path". */
  seen: string[];
  /** Requests forwarded whose answer the proxy dropped or held. */
  lost: string[];
}

/**
 * Forwards to a real site and rewrites the site's own address in headers
 * (the API Link) to the proxy's, so a client that discovers the API through
 * it keeps talking through it. "forward-then-drop" lets WordPress do the work
 * and then closes the client's connection without an answer: a lost response.
 * "hold" does the same but keeps the connection open (the client waits).
 */
export async function startWordPressProxy(site: WordPressSite): Promise<WordPressProxy> {
  const target = new URL(site.url);
  const held: ServerResponse[] = [];
  const proxy: WordPressProxy = {
    rule: () => 'forward',
    seen: [],
    lost: [],
  } as unknown as WordPressProxy;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const what = `${req.method} ${req.url}`;
      proxy.seen.push(what);
      const decision = proxy.rule(req, body) ?? 'forward';
      if (typeof decision === 'object') {
        res.writeHead(decision.status, { 'content-type': 'application/json' }).end(decision.body);
        return;
      }
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => answerChunks.push(c));
          answer.on('end', () => {
            if (decision !== 'forward') {
              proxy.lost.push(what);
              if (decision === 'forward-then-drop') res.socket?.destroy();
              else held.push(res);
              return;
            }
            const headers = { ...answer.headers };
            if (typeof headers.link === 'string') headers.link = headers.link.split(target.host).join(`127.0.0.1:${port}`);
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, headers).end(Buffer.concat(answerChunks));
          });
        },
      );
      upstream.on('error', () => res.socket?.destroy());
      upstream.end(body);
    });
  });
  const listening = await listen(server);
  const port = Number(new URL(listening.base).port);
  Object.assign(proxy, listening, {
    close: async () => {
      for (const res of held) res.socket?.destroy();
      await listening.close();
    },
  });
  return proxy;
}
