/**
 * Real WordPress sites for the tests (test/wordpress/wp-up.sh, the project's
 * own script), one per port so files do not share a site; the REST calls
 * tests make to them with the application password (posts, terms, media);
 * and, for the publishing tests, a proxy in front of a site that can lose or
 * refuse answers on cue.
 *
 *   const site = await startWordPress(8097);   // fresh: dropped and installed again
 *   const post = await site.createPost({ title: 'A', content: '<p>…</p>' });
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { listen, type Listening } from './http-servers.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../wordpress/wp-up.sh', import.meta.url));
/** Installing packages the first time takes minutes; a ready machine takes seconds. */
const SCRIPT_TIMEOUT_MS = 10 * 60_000;

/** A post as the REST API answers a write or a read with `context=edit`. */
export interface WordPressPost {
  id: number;
  slug: string;
  status: string;
  link: string;
  guid: { rendered: string };
  modified_gmt: string;
  title: { raw?: string; rendered: string };
  content: { raw?: string; rendered: string };
  categories: number[];
  tags: number[];
  featured_media: number;
  author: number;
}

export interface PostInput {
  title: string;
  content: string;
  status?: 'publish' | 'draft';
  /** ISO date (site time, which is UTC on test sites). */
  date?: string;
  categories?: number[];
  tags?: number[];
  featured_media?: number;
  author?: number;
}

export interface WordPressSite {
  port: number;
  url: string;
  username: string;
  password: string;
  createPost(input: PostInput): Promise<WordPressPost>;
  updatePost(id: number, input: Partial<PostInput>): Promise<WordPressPost>;
  createTerm(taxonomy: 'categories' | 'tags', name: string, slug?: string): Promise<number>;
  /** Uploads bytes to the media library; returns the attachment id. */
  uploadImage(fileName: string, bytes: Uint8Array, altText: string): Promise<{ id: number; url: string }>;
  /** Switches the REST API off (403 to every request, as "disable REST" plugins do) or back on. */
  rest(state: 'on' | 'off'): Promise<void>;
  /** Any other REST call (route under wp/v2/). */
  request<T>(method: string, route: string, body?: unknown): Promise<T>;
  /** Installs a must-use plugin (PHP source) on the site: custom post types, filters a test needs. */
  muPlugin(name: string, php: string): Promise<void>;
  /** Deletes every post (the default "Hello world!" too). */
  deleteAllPosts(): Promise<void>;
  stop(): Promise<void>;
}

async function script(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, ...args], { timeout: SCRIPT_TIMEOUT_MS });
  return stdout.trim();
}

export async function startWordPress(port: number, options: { fresh?: boolean } = {}): Promise<WordPressSite> {
  if (options.fresh ?? true) await script('reset', String(port));
  const [url, username, password] = (await script(String(port))).split(' ');
  if (!url || !username || !password) throw new Error(`wp-up.sh ${port} printed no site`);
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

  const call = async <T>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${url}/wp-json/wp/v2/${route}`, {
      method,
      headers: { authorization: auth, ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body === undefined ? {} : { body: body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`WordPress ${method} ${route} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };

  return {
    port,
    url,
    username,
    password,
    createPost: (input) => call<WordPressPost>('POST', 'posts', { status: 'publish', ...input }),
    updatePost: (id, input) => call<WordPressPost>('POST', `posts/${id}`, input),
    async createTerm(taxonomy, name, slug) {
      return (await call<{ id: number }>('POST', taxonomy, { name, ...(slug ? { slug } : {}) })).id;
    },
    async uploadImage(fileName, bytes, altText) {
      const media = await call<{ id: number; source_url: string }>('POST', 'media', bytes, {
        'content-type': fileName.endsWith('.png') ? 'image/png' : 'image/gif',
        'content-disposition': `attachment; filename="${fileName}"`,
      });
      await call('POST', `media/${media.id}`, { alt_text: altText });
      return { id: media.id, url: media.source_url };
    },
    request: (method, route, body) => call(method, route, body),
    async muPlugin(name, php) {
      // The script keeps each site's wp-content under $TMPDIR/feedloom-wp-PORT.
      const dir = join(process.env.TMPDIR ?? tmpdir(), `feedloom-wp-${port}`, 'wp-content', 'mu-plugins');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${name}.php`), php);
    },
    async rest(state) {
      await script('rest', state, String(port));
    },
    async deleteAllPosts() {
      for (;;) {
        const posts = await call<WordPressPost[]>('GET', 'posts?per_page=100&status=any');
        if (posts.length === 0) return;
        for (const post of posts) await call('DELETE', `posts/${post.id}?force=true`);
      }
    },
    async stop() {
      await script('stop', String(port));
    },
  };
}

const sites = new Map<number, Promise<WordPressSite>>();

/** The site on `port`, made fresh (dropped and installed again) the first time a test process asks for it. */
export function wordpressSite(port: number): Promise<WordPressSite> {
  let site = sites.get(port);
  if (!site) {
    site = startWordPress(port, { fresh: true });
    sites.set(port, site);
  }
  return site;
}

/** Every post (any status) whose slug is exactly `slug`. */
export function postsBySlug(site: WordPressSite, slug: string): Promise<WordPressPost[]> {
  return site.request<WordPressPost[]>('GET', `posts?slug=${encodeURIComponent(slug)}&status=any&context=edit`);
}

/** The smallest valid GIF (1×1): enough for WordPress to accept an upload; it is named so that no rule takes it for a pixel. */
export const TINY_GIF = Uint8Array.from(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));

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
