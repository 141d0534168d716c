/** Webhook subscriptions. The secret is written here and read back only by deliveries.loadJob. */
import type { StoreContext } from './context.js';
import { newId } from './ids.js';
import type { Store, Webhook } from './types.js';
import { iso, toJson } from './values.js';
import { toWebhook } from './webhook-rows.js';

const PUBLIC_COLUMNS = ['id', 'url', 'feed_ids', 'events', 'active', 'disabled_reason', 'created_at'] as const;

export function webhookStore(ctx: StoreContext): Store['webhooks'] {
  const { db } = ctx;
  return {
    async create(input): Promise<Webhook> {
      const row = await db
        .insertInto('webhooks')
        .values({
          id: newId(),
          url: input.url,
          secret: input.secret,
          feed_ids: input.feedIds === null ? null : toJson(input.feedIds),
          events: toJson(input.events),
          active: 1,
          disabled_reason: null,
          created_at: iso(new Date()),
        })
        .returning(PUBLIC_COLUMNS)
        .executeTakeFirstOrThrow();
      return toWebhook(row);
    },

    async get(id: string): Promise<Webhook | null> {
      const row = await db.selectFrom('webhooks').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row ? toWebhook(row) : null;
    },

    async list(): Promise<Webhook[]> {
      const rows = await db.selectFrom('webhooks').select(PUBLIC_COLUMNS).orderBy('created_at').orderBy('id').execute();
      return rows.map(toWebhook);
    },

    async delete(id: string): Promise<boolean> {
      // Its deliveries go with it (cascade): nobody is left to receive them.
      const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
