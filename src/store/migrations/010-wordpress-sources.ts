/**
 * WordPress sites read natively: which source a feed asked for and which one
 * answered, the site's REST API root, the site filter (categories, tags, post
 * type, with the ids they resolved to) and the progress of a backfill, so a
 * backfill continues from its saved page after a restart.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';

export function wordpressSources(_dialect: StoreDialect): Migration {
  return {
    // Untyped like every migration: it is frozen in time, the schema type moves on.
    async up(db: Kysely<any>): Promise<void> {
      await sql`alter table feeds add column source text not null default 'auto'`.execute(db);
      await sql`alter table feeds add column source_in_use text`.execute(db);
      await sql`alter table feeds add column wordpress_api text`.execute(db);
      await sql`alter table feeds add column wordpress_filter text`.execute(db);
      await sql`alter table feeds add column backfill text`.execute(db);
    },
  };
}
