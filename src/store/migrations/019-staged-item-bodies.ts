/**
 * A staged item's body (its FeedItem as JSON) moves out of `items` into
 * `item_bodies`, a row that lives only while the item waits for the article
 * stage. `items` keeps, for every item a feed ever listed, only its guid and
 * hash (what tells a later change from a repeat) and its outcome.
 *
 * Why a table of its own rather than emptying `items.data` once processed:
 * SQLite does not merge b-tree pages when a row shrinks in place, so a
 * processed item kept the whole page its body had filled, about 4 KB per
 * article for ever. A deleted row frees its pages (and overflow pages) for
 * the next articles. A trigger deletes the body when the item settles
 * ('done' or 'skipped'), whichever code path settles it; a failed item keeps
 * its body for the retry.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';

export function stagedItemBodies(dialect: StoreDialect): Migration {
  return {
    // Untyped like every migration: it is frozen in time, the schema type moves on.
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('item_bodies')
        .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id').onDelete('cascade'))
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      // Processed items hold '' (what the store wrote before this migration): only waiting ones move.
      await sql`insert into item_bodies (item_id, data) select id, data from items where data <> ''`.execute(db);
      await db.schema.alterTable('items').dropColumn('data').execute();
      if (dialect === 'postgres') {
        await sql`create function item_body_settled() returns trigger language plpgsql as $$
            begin
              delete from item_bodies where item_id = new.id;
              return null;
            end
          $$`.execute(db);
        await sql`create trigger items_body_settled after update of status on items
            for each row when (new.status in ('done', 'skipped')) execute function item_body_settled()`.execute(db);
        return;
      }
      await sql`create trigger items_body_settled after update of status on items
          when new.status in ('done', 'skipped') begin
            delete from item_bodies where item_id = new.id;
          end`.execute(db);
    },
  };
}
