/**
 * A fresh real WordPress site for one test file (test/wordpress/wp-up.sh, the
 * project's own script), and the
 * few REST calls tests make to it with the application password: create,
 * edit and delete posts, terms and media. Each file uses its own port, so
 * files do not share a site.
 *
 *   const site = await startWordPress(8097);   // fresh: dropped and installed again
 *   const post = await site.createPost({ title: 'A', content: '<p>…</p>' });
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../wordpress/wp-up.sh', import.meta.url));
/** Installing packages the first time takes minutes; a ready machine takes seconds. */
const SCRIPT_TIMEOUT_MS = 10 * 60_000;

export interface WordPressPost {
  id: number;
  link: string;
  guid: { rendered: string };
  modified_gmt: string;
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
  user: string;
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
  const [url, user, password] = (await script(String(port))).split(' ');
  if (!url || !user || !password) throw new Error(`wp-up.sh ${port} printed no site`);
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

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
    user,
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

/** The smallest valid GIF (1×1): enough for WordPress to accept an upload; it is named so that no rule takes it for a pixel. */
export const TINY_GIF = Uint8Array.from(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
