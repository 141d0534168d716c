/**
 * Webhook subscriptions that can be changed: a previous secret that keeps
 * signing during a rotation's overlap window, and a match key (URL, events,
 * feeds) that makes a second identical subscription a conflict. Existing
 * duplicates keep a null key (the first keeps its key), so the unique index
 * can be built over any data.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { webhookMatchKey } from '../webhook-key.js';

export function webhookRotation(): Migration {
  return {
    // Frozen in time like every migration: no typed Database here.
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('webhooks').addColumn('previous_secret', 'text').execute();
      await db.schema.alterTable('webhooks').addColumn('previous_secret_until', 'text').execute();
      await db.schema.alterTable('webhooks').addColumn('match_key', 'text').execute();
      const rows: { id: string; url: string; events: string; feed_ids: string | null }[] = await db
        .selectFrom('webhooks')
        .select(['id', 'url', 'events', 'feed_ids'])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const seen = new Set<string>();
      for (const row of rows) {
        const key = webhookMatchKey(row.url, JSON.parse(row.events) as string[], row.feed_ids === null ? null : (JSON.parse(row.feed_ids) as string[]));
        if (seen.has(key)) continue;
        seen.add(key);
        await db.updateTable('webhooks').set({ match_key: key }).where('id', '=', row.id).execute();
      }
      await db.schema.createIndex('webhooks_match_key').on('webhooks').column('match_key').unique().execute();
      // Deliveries that waited pending behind a disabled subscription (nothing ever attempted them) are paused.
      await db
        .updateTable('deliveries')
        .set({ status: 'paused', next_attempt_at: null })
        .where('status', '=', 'pending')
        .where('webhook_id', 'in', (eb: any) => eb.selectFrom('webhooks').select('id').where('active', '=', 0))
        .execute();
      // Paused deliveries are looked up per webhook when it is re-enabled.
      await db.schema
        .createIndex('deliveries_paused')
        .on('deliveries')
        .columns(['webhook_id'])
        .where(sql.ref('status'), '=', 'paused')
        .execute();
    },
  };
}
