/**
 * One article → one WordPress post, whatever happens in between.
 *
 * The post's slug carries a stable key of the article (chosen once, recorded
 * before the first attempt), so an attempt whose answer was lost, or that a
 * killed worker never recorded, is found again with
 * `GET /wp/v2/posts?slug=…&status=any` before anything is created. A known
 * post id is updated in place (`article.updated`). Categories and tags are
 * found or created by name; a featured image is uploaded once per image URL
 * (its media slug is a key of the URL, looked up before uploading) and set as
 * `featured_media`, with alt text.
 *
 * Never throws: every failure becomes an outcome the worker can store.
 */
import { decodeHTML } from 'entities';
import { errorMessage } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import type { Article } from '../../core/model.js';
import type { HttpClient } from '../../fetch/http-client.js';
import type { DestinationSettings } from '../../store/types.js';
import { WordPressError, type WordPressClient } from './client.js';
import { DEFAULT_TEMPLATE, renderTemplate } from './template.js';

/** A destination's settings as the publisher needs them; which feeds it takes was decided before. */
export type PublishSettings = Omit<DestinationSettings, 'feedIds'> & {
  /** Keys the caches: a destination's terms and media are its site's. */
  destinationId: string;
};

export interface PublishInput {
  settings: PublishSettings;
  article: Article;
  /** The slug recorded for this article on this destination. */
  slug: string;
  /** The post id recorded by an earlier delivery, if any. */
  remoteId: string | null;
  /**
   * False when the slug was claimed by this very attempt: no earlier attempt
   * can have created a post with it, so the lookup is skipped.
   */
  mayExist: boolean;
  /** Largest image downloaded for the featured image. */
  maxImageBytes: number;
  imageTimeoutMs: number;
}

export type PublishOutcome =
  | { kind: 'success'; status: number; remote: { id: string; url: string | null }; action: 'created' | 'updated'; warning: string | null }
  | { kind: 'retry'; status: number | null; error: string }
  | { kind: 'failed'; status: number | null; error: string };

interface WpPost {
  id: number;
  link?: string;
}

interface WpTerm {
  id: number;
  name: string;
}

const SLUG_TITLE_CHARS = 60;
const TERM_KINDS = { categories: 'wp/v2/categories', tags: 'wp/v2/tags' } as const;

/**
 * A readable slug with the article's key at the end: `title-words-fl1a2b3c4d5e`.
 * Only [a-z0-9-], so WordPress stores it unchanged and a lookup finds it.
 */
export function postSlug(article: Pick<Article, 'id' | 'title'>, destinationId: string): string {
  const words = (article.title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = words.length > SLUG_TITLE_CHARS ? words.slice(0, SLUG_TITLE_CHARS).replace(/-[^-]*$/, '') : words;
  // Per destination: two destinations on one site are two publications, each with its post.
  const key = `fl${sha256Hex(`post:${destinationId}:${article.id}`).slice(0, 12)}`;
  return cut === '' ? key : `${cut}-${key}`;
}

/** The media slug (and file name) of an image URL: the same image is one media item on a site. */
export function mediaSlug(imageUrl: string): string {
  return `fl-img-${sha256Hex(`image:${imageUrl}`).slice(0, 16)}`;
}

/**
 * Find-or-create results per destination, shared by the deliveries of one
 * process; a concurrent request for the same term or image waits for the one
 * in flight instead of creating a second.
 */
class SiteCache {
  private readonly entries = new Map<string, Promise<number>>();
  private static readonly MAX_ENTRIES = 10_000;

  get(key: string, make: () => Promise<number>): Promise<number> {
    const existing = this.entries.get(key);
    if (existing) return existing;
    if (this.entries.size >= SiteCache.MAX_ENTRIES) this.entries.clear();
    const pending = make();
    this.entries.set(key, pending);
    // A failure is not remembered: the next delivery asks the site again.
    pending.catch(() => this.entries.delete(key));
    return pending;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

const cache = new SiteCache();

function sameName(a: string, b: string): boolean {
  return decodeHTML(a).trim().toLowerCase() === b.trim().toLowerCase();
}

async function findOrCreateTerm(client: WordPressClient, settings: PublishSettings, kind: keyof typeof TERM_KINDS, name: string): Promise<number> {
  const route = TERM_KINDS[kind];
  return cache.get(`${settings.destinationId}|${client.apiUrl}|${kind}|${name.toLowerCase()}`, async () => {
    const found = await client.get<WpTerm[]>(route, { search: name, per_page: 100, context: 'edit' });
    const match = Array.isArray(found) ? found.find((term) => sameName(term.name, name)) : undefined;
    if (match) return match.id;
    try {
      return (await client.post<WpTerm>(route, { name })).id;
    } catch (err) {
      // Created meanwhile by someone else (another process, an editor): WordPress names the existing term.
      if (err instanceof WordPressError && err.wpCode === 'term_exists' && typeof err.data.term_id === 'number') return err.data.term_id;
      throw err;
    }
  });
}

async function termIds(client: WordPressClient, settings: PublishSettings, kind: keyof typeof TERM_KINDS, names: string[]): Promise<number[]> {
  const unique = [...new Map(names.map((n) => n.trim()).filter((n) => n !== '').map((n) => [n.toLowerCase(), n])).values()];
  const ids: number[] = [];
  // One at a time: a site's term endpoints are slow, and order keeps the first category the primary one.
  for (const name of unique) ids.push(await findOrCreateTerm(client, settings, kind, name));
  return [...new Set(ids)];
}

/** The alt text of the article's image: the `alt` of the body's <img> with that source, else the title. */
export function imageAlt(article: Pick<Article, 'contentHtml' | 'imageUrl' | 'title'>): string {
  if (article.imageUrl) {
    for (const match of article.contentHtml.matchAll(/<img\b[^>]*>/gi)) {
      const tag = match[0];
      const src = /\ssrc\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
      const alt = /\salt\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
      if (src !== undefined && decodeHTML(src) === article.imageUrl && alt !== undefined && alt.trim() !== '') return decodeHTML(alt).trim();
    }
  }
  return (article.title ?? '').trim();
}

const IMAGE_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
};

class ImageUnavailable extends Error {}

async function featuredMediaId(http: HttpClient, client: WordPressClient, input: PublishInput, imageUrl: string): Promise<number> {
  const slug = mediaSlug(imageUrl);
  return cache.get(`${input.settings.destinationId}|${client.apiUrl}|media|${slug}`, async () => {
    const found = await client.get<WpPost[]>('wp/v2/media', { slug, context: 'edit' });
    if (Array.isArray(found) && found[0]) return found[0].id;
    let image;
    try {
      image = await http.get(imageUrl, { accept: Object.keys(IMAGE_TYPES).join(', '), maxBytes: input.maxImageBytes, timeoutMs: input.imageTimeoutMs });
    } catch (err) {
      throw new ImageUnavailable(`featured image ${imageUrl} not downloaded: ${errorMessage(err)}`);
    }
    const type = (image.contentType ?? '').toLowerCase();
    const extension = IMAGE_TYPES[type];
    if (!extension) throw new ImageUnavailable(`featured image ${imageUrl} is not an image WordPress accepts (content type ${type || 'none'})`);
    const alt = imageAlt(input.article);
    const media = await client.upload<WpPost>('wp/v2/media', image.body, { name: `${slug}.${extension}`, type }, { alt_text: alt, title: alt || slug, slug });
    return media.id;
  });
}

function postBody(input: PublishInput, categories: number[], tags: number[], featuredMedia: number | null): Record<string, unknown> {
  const { article, settings } = input;
  return {
    // WordPress shows the title as HTML: the article's title is text.
    title: (article.title ?? article.url ?? 'Untitled').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    content: renderTemplate(settings.template ?? DEFAULT_TEMPLATE, article),
    excerpt: article.summary,
    status: settings.status,
    ...(settings.authorId !== null ? { author: settings.authorId } : {}),
    ...(article.publishedAt ? { date_gmt: article.publishedAt.replace(/\.\d+Z$|Z$/, '') } : {}),
    ...(categories.length > 0 ? { categories } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(featuredMedia !== null ? { featured_media: featuredMedia } : {}),
  };
}

function outcomeOf(err: unknown): PublishOutcome {
  if (err instanceof WordPressError) {
    return err.retryable ? { kind: 'retry', status: err.status, error: err.message } : { kind: 'failed', status: err.status, error: err.message };
  }
  return { kind: 'retry', status: null, error: `publishing failed: ${errorMessage(err)}` };
}

/** Updates the recorded post in place; null when it is gone from the site (deleted for good). */
async function updateKnownPost(client: WordPressClient, remoteId: string, body: Record<string, unknown>): Promise<WpPost | null> {
  try {
    return await client.post<WpPost>(`wp/v2/posts/${encodeURIComponent(remoteId)}`, body);
  } catch (err) {
    if (err instanceof WordPressError && err.status === 404) return null;
    throw err;
  }
}

async function postWithSlug(client: WordPressClient, slug: string): Promise<WpPost | null> {
  const found = await client.get<WpPost[]>('wp/v2/posts', { slug, status: 'any', context: 'edit' });
  return Array.isArray(found) && found[0] ? found[0] : null;
}

export async function publishArticle(http: HttpClient, client: WordPressClient, input: PublishInput): Promise<PublishOutcome> {
  const { article, settings } = input;
  try {
    const categories = await termIds(client, settings, 'categories', [...settings.categories, ...(settings.copyCategories ? article.categories : [])]);
    const tags = settings.copyTags ? await termIds(client, settings, 'tags', article.categories) : [];
    let featuredMedia: number | null = null;
    let warning: string | null = null;
    if (settings.featuredImage && article.imageUrl) {
      try {
        featuredMedia = await featuredMediaId(http, client, input, article.imageUrl);
      } catch (err) {
        // An image that cannot be had does not hold the post back; the site's own refusal does.
        if (!(err instanceof ImageUnavailable)) throw err;
        warning = err.message;
      }
    }
    const body = postBody(input, categories, tags, featuredMedia);
    const updated = (post: WpPost): PublishOutcome => ({ kind: 'success', status: 200, remote: { id: String(post.id), url: post.link ?? null }, action: 'updated', warning });
    if (input.remoteId !== null) {
      const post = await updateKnownPost(client, input.remoteId, body);
      if (post) return updated(post);
    }
    // An earlier attempt may have created the post and lost the answer (or died): look before creating.
    const existing = input.mayExist || input.remoteId !== null ? await postWithSlug(client, input.slug) : null;
    if (existing) return updated(await client.post<WpPost>(`wp/v2/posts/${existing.id}`, body));
    const post = await client.post<WpPost>('wp/v2/posts', { ...body, slug: input.slug });
    return { kind: 'success', status: 201, remote: { id: String(post.id), url: post.link ?? null }, action: 'created', warning };
  } catch (err) {
    return outcomeOf(err);
  }
}
