/**
 * Issue 13, part A: what the scheduler decided and why, per-feed request
 * options, the WebSub subscription of a feed, and a fetch history worth
 * reading (URL, bytes, item counts, warning).
 */
import type { Kysely, Migration } from 'kysely';

export function scheduleAndPush(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      const feedColumns: [string, 'text' | 'integer', ((c: any) => any)?][] = [
        ['schedule_mode', 'text', (c) => c.notNull().defaultTo('adaptive')],
        ['effective_poll_seconds', 'integer'],
        ['schedule_reason', 'text'],
        // Kept so a 304 (no document to read them from) schedules like the last 200 did.
        ['declared_ttl_seconds', 'integer'],
        ['publishing_seconds', 'integer'],
        // JSON {headers, userAgent, basicAuth: {username, password (sealed)}}.
        ['fetch_options', 'text'],
        ['websub_hub', 'text'],
        ['websub_topic', 'text'],
        ['websub_status', 'text', (c) => c.notNull().defaultTo('none')],
        ['websub_secret', 'text'],
        ['websub_lease_expires_at', 'text'],
        ['websub_requested_at', 'text'],
        ['websub_error', 'text'],
      ];
      for (const [name, type, build] of feedColumns) {
        await db.schema.alterTable('feeds').addColumn(name, type, build ?? ((c) => c)).execute();
      }
      const logColumns: [string, 'text' | 'integer'][] = [
        ['url', 'text'],
        ['bytes', 'integer'],
        ['items', 'integer'],
        ['updated_items', 'integer'],
        ['warning', 'text'],
      ];
      for (const [name, type] of logColumns) {
        await db.schema.alterTable('fetch_log').addColumn(name, type).execute();
      }
      await db.schema.alterTable('fetch_log').addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // Retention deletes by age across all feeds.
      await db.schema.createIndex('fetch_log_at').on('fetch_log').columns(['at']).execute();
      await db.schema.createIndex('feeds_websub_lease').on('feeds').columns(['websub_lease_expires_at']).execute();
    },
  };
}
