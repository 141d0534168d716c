/**
 * Destinations (publishing targets), their deliveries and the record of the
 * post each article became. The sealed application password is written here
 * and read back only by `getWithCredentials` / `loadDeliveryJob`.
 */
import type { Selectable } from 'kysely';
import { selectArticles, toArticle } from './article-rows.js';
import type { StoreContext } from './context.js';
import { decodeCursor, toPage } from './cursor.js';
import { newId } from './ids.js';
import type { DestinationsTable } from './schema.js';
import type { Delivery, Destination, DestinationWithCredentials, Page, PostStatus, Store } from './types.js';
import { fromJson, iso, toJson } from './values.js';
import { toDelivery } from './webhook-rows.js';

const PUBLIC_COLUMNS = [
  'id',
  'type',
  'url',
  'username',
  'post_status',
  'feed_ids',
  'author_id',
  'categories',
  'copy_categories',
  'copy_tags',
  'featured_image',
  'template',
  'enabled',
  'created_at',
  'updated_at',
] as const;

type DestinationRow = Selectable<DestinationsTable>;

function toDestination(row: Omit<DestinationRow, 'api_url' | 'password_sealed'>): Destination {
  return {
    id: row.id,
    type: 'wordpress',
    url: row.url,
    username: row.username,
    status: row.post_status as PostStatus,
    feedIds: row.feed_ids === null ? null : fromJson<string[]>(row.feed_ids, 'destinations.feed_ids', row.id),
    authorId: row.author_id,
    categories: fromJson<string[]>(row.categories, 'destinations.categories', row.id),
    copyCategories: row.copy_categories === 1,
    copyTags: row.copy_tags === 1,
    featuredImage: row.featured_image === 1,
    template: row.template,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDestinationWithCredentials(row: DestinationRow): DestinationWithCredentials {
  return { ...toDestination(row), apiUrl: row.api_url, passwordSealed: row.password_sealed };
}

const flag = (value: boolean): number => (value ? 1 : 0);

export function destinationStore(ctx: StoreContext): Store['destinations'] {
  const { db } = ctx;

  async function get(id: string): Promise<Destination | null> {
    const row = await db.selectFrom('destinations').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toDestination(row) : null;
  }

  async function getWithCredentials(id: string): Promise<DestinationWithCredentials | null> {
    const row = await db.selectFrom('destinations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDestinationWithCredentials(row) : null;
  }

  return {
    get,
    getWithCredentials,

    async create(input): Promise<Destination> {
      const at = iso(new Date());
      const row = await db
        .insertInto('destinations')
        .values({
          id: newId(),
          type: 'wordpress',
          url: input.url,
          api_url: input.apiUrl,
          username: input.username,
          password_sealed: input.passwordSealed,
          post_status: input.status,
          feed_ids: input.feedIds === null ? null : toJson(input.feedIds),
          author_id: input.authorId,
          categories: toJson(input.categories),
          copy_categories: flag(input.copyCategories),
          copy_tags: flag(input.copyTags),
          featured_image: flag(input.featuredImage),
          template: input.template,
          enabled: 1,
          created_at: at,
          updated_at: at,
        })
        .returning(PUBLIC_COLUMNS)
        .executeTakeFirstOrThrow();
      return toDestination(row);
    },

    async list(): Promise<Destination[]> {
      const rows = await db.selectFrom('destinations').select(PUBLIC_COLUMNS).orderBy('created_at').orderBy('id').execute();
      return rows.map(toDestination);
    },

    async update(id, patch): Promise<Destination | null> {
      const row = await db
        .updateTable('destinations')
        .set({
          ...(patch.url !== undefined ? { url: patch.url } : {}),
          ...(patch.apiUrl !== undefined ? { api_url: patch.apiUrl } : {}),
          ...(patch.username !== undefined ? { username: patch.username } : {}),
          ...(patch.passwordSealed !== undefined ? { password_sealed: patch.passwordSealed } : {}),
          ...(patch.status !== undefined ? { post_status: patch.status } : {}),
          ...(patch.feedIds !== undefined ? { feed_ids: patch.feedIds === null ? null : toJson(patch.feedIds) } : {}),
          ...(patch.authorId !== undefined ? { author_id: patch.authorId } : {}),
          ...(patch.categories !== undefined ? { categories: toJson(patch.categories) } : {}),
          ...(patch.copyCategories !== undefined ? { copy_categories: flag(patch.copyCategories) } : {}),
          ...(patch.copyTags !== undefined ? { copy_tags: flag(patch.copyTags) } : {}),
          ...(patch.featuredImage !== undefined ? { featured_image: flag(patch.featuredImage) } : {}),
          ...(patch.template !== undefined ? { template: patch.template } : {}),
          ...(patch.enabled !== undefined ? { enabled: flag(patch.enabled) } : {}),
          updated_at: iso(new Date()),
        })
        .where('id', '=', id)
        .returning(PUBLIC_COLUMNS)
        .executeTakeFirst();
      return row ? toDestination(row) : null;
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('destinations').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async deliveries(destinationId, query): Promise<Page<Delivery>> {
      const before = query.cursor ? decodeCursor(query.cursor) : null;
      let select = db.selectFrom('deliveries').selectAll().where('destination_id', '=', destinationId);
      if (query.status) select = select.where('status', '=', query.status);
      if (before) {
        select = select.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '<', tuple(before.at, before.id)));
      }
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      return toPage(rows, query.limit, (row) => ({ at: row.created_at, id: row.id }), toDelivery);
    },

    async resetDeliveryForRetry(destinationId, deliveryId, now): Promise<boolean> {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'pending', next_attempt_at: iso(now), updated_at: iso(now) })
        .where('id', '=', deliveryId)
        .where('destination_id', '=', destinationId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async loadDeliveryJob(deliveryId) {
      const row = await db.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
      if (!row || row.destination_id === null) return null;
      const destinationId = row.destination_id;
      const [destination, article, post, older] = await Promise.all([
        getWithCredentials(destinationId),
        selectArticles(db).where('articles.id', '=', row.article_id).executeTakeFirst(),
        db
          .selectFrom('destination_posts')
          .select(['slug', 'remote_id', 'remote_url'])
          .where('destination_id', '=', destinationId)
          .where('article_id', '=', row.article_id)
          .executeTakeFirst(),
        db
          .selectFrom('deliveries')
          .select('id')
          .where('destination_id', '=', destinationId)
          .where('article_id', '=', row.article_id)
          .where('status', '=', 'pending')
          .where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '<', tuple(row.created_at, row.id)))
          .orderBy('created_at')
          .orderBy('id')
          .executeTakeFirst(),
      ]);
      if (!destination || !article) return null;
      return {
        delivery: toDelivery(row),
        destination,
        article: toArticle(article),
        post: post ? { slug: post.slug, remoteId: post.remote_id, remoteUrl: post.remote_url } : null,
        waitsFor: older?.id ?? null,
      };
    },

    async claimSlug(destinationId, articleId, slug, at) {
      const inserted = await db
        .insertInto('destination_posts')
        .values({ destination_id: destinationId, article_id: articleId, slug, remote_id: null, remote_url: null, created_at: iso(at), updated_at: iso(at) })
        .onConflict((oc) => oc.columns(['destination_id', 'article_id']).doNothing())
        .executeTakeFirst();
      const row = await db
        .selectFrom('destination_posts')
        .select('slug')
        .where('destination_id', '=', destinationId)
        .where('article_id', '=', articleId)
        .executeTakeFirstOrThrow();
      return { slug: row.slug, claimed: (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n };
    },

    async recordPost(destinationId, articleId, remote, at): Promise<void> {
      await db
        .updateTable('destination_posts')
        .set({ remote_id: remote.id, remote_url: remote.url, updated_at: iso(at) })
        .where('destination_id', '=', destinationId)
        .where('article_id', '=', articleId)
        .execute();
    },
  };
}
