/**
 * Destinations (publishing to WordPress). A delivery now targets a webhook OR
 * a destination, and records the remote post it made (`remote_id`,
 * `remote_url`). `destination_posts` is the one row per (destination,
 * article) that makes "exactly one post per article" hold: the slug chosen
 * before the first attempt and the post id once known.
 *
 * `deliveries.webhook_id` becomes nullable: PostgreSQL alters the column;
 * SQLite cannot, so the table is rebuilt with the same rows, constraints and
 * indexes (nothing references `deliveries`, so the swap is safe).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';

// The columns of `deliveries` as migration 001 made them: the rows the SQLite rebuild copies.
const DELIVERY_COLUMNS_001 = [
  'id',
  'webhook_id',
  'article_id',
  'event',
  'content_hash',
  'status',
  'attempts',
  'last_status',
  'last_error',
  'next_attempt_at',
  'created_at',
  'updated_at',
];

async function rebuildSqliteDeliveries(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deliveries_011')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.references('webhooks.id').onDelete('cascade'))
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('destination_id', 'text', (c) => c.references('destinations.id').onDelete('cascade'))
    .addColumn('remote_id', 'text')
    .addColumn('remote_url', 'text')
    .addCheckConstraint('deliveries_one_target', sql`(webhook_id is null) <> (destination_id is null)`)
    .execute();
  const columns = sql.join(DELIVERY_COLUMNS_001.map((c) => sql.ref(c)));
  await sql`insert into deliveries_011 (${columns}) select ${columns} from deliveries`.execute(db);
  await db.schema.dropTable('deliveries').execute();
  await db.schema.alterTable('deliveries_011').renameTo('deliveries').execute();
  // The unique constraint of 001 becomes a unique index of the same name: ON CONFLICT treats both alike.
  await db.schema.createIndex('deliveries_once').unique().on('deliveries').columns(['article_id', 'webhook_id', 'event', 'content_hash']).execute();
  await db.schema.createIndex('deliveries_webhook_newest').on('deliveries').columns(['webhook_id', 'created_at', 'id']).execute();
  await db.schema
    .createIndex('deliveries_due')
    .on('deliveries')
    .columns(['next_attempt_at'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export function destinations(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('destinations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        /** The REST API root found when the destination was checked (`…/wp-json/` or `…/?rest_route=/`). */
        .addColumn('api_url', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        /** secret-box sealed; never selected for the API. */
        .addColumn('password_sealed', 'text', (c) => c.notNull())
        .addColumn('post_status', 'text', (c) => c.notNull())
        .addColumn('feed_ids', 'text')
        .addColumn('author_id', 'integer')
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('copy_categories', 'integer', (c) => c.notNull())
        .addColumn('copy_tags', 'integer', (c) => c.notNull())
        .addColumn('featured_image', 'integer', (c) => c.notNull())
        .addColumn('template', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('destinations_created').on('destinations').columns(['created_at', 'id']).execute();

      if (dialect === 'sqlite') {
        await rebuildSqliteDeliveries(db);
      } else {
        await db.schema.alterTable('deliveries').alterColumn('webhook_id', (c) => c.dropNotNull()).execute();
        await db.schema
          .alterTable('deliveries')
          .addColumn('destination_id', 'text', (c) => c.references('destinations.id').onDelete('cascade'))
          .execute();
        await db.schema.alterTable('deliveries').addColumn('remote_id', 'text').execute();
        await db.schema.alterTable('deliveries').addColumn('remote_url', 'text').execute();
        await db.schema
          .alterTable('deliveries')
          .addCheckConstraint('deliveries_one_target', sql`(webhook_id is null) <> (destination_id is null)`)
          .execute();
      }
      await db.schema
        .createIndex('deliveries_destination_once')
        .unique()
        .on('deliveries')
        .columns(['article_id', 'destination_id', 'event', 'content_hash'])
        .execute();
      await db.schema.createIndex('deliveries_destination_newest').on('deliveries').columns(['destination_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('destination_posts')
        .addColumn('destination_id', 'text', (c) => c.notNull().references('destinations.id').onDelete('cascade'))
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        /** Chosen before the first attempt and never changed: a retry looks the post up by it. */
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('remote_id', 'text')
        .addColumn('remote_url', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('destination_posts_pk', ['destination_id', 'article_id'])
        .execute();
    },
  };
}
