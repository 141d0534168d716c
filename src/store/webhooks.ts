/** Webhook subscriptions. The secret is written here and read back only by deliveries.loadJob. */
import type { Kysely } from 'kysely';
import { FeedloomError } from '../core/errors.js';
import type { StoreContext } from './context.js';
import { newId } from './ids.js';
import type { Database } from './schema.js';
import type { Store, Webhook, WebhookUpdate } from './types.js';
import { fromJson, iso, toJson } from './values.js';
import { webhookMatchKey } from './webhook-key.js';
import { toWebhook } from './webhook-rows.js';

const PUBLIC_COLUMNS = ['id', 'url', 'feed_ids', 'events', 'active', 'disabled_reason', 'created_at'] as const;

/** A second subscription with the same URL, events and feeds; `existingId` is the first one. */
export class WebhookExistsError extends FeedloomError {
  constructor(readonly existingId: string) {
    super('WEBHOOK_EXISTS', `a subscription with the same URL, events and feeds exists: ${existingId}`, {
      statusCode: 409,
      details: { webhookId: existingId },
    });
    this.name = 'WebhookExistsError';
  }
}

async function findByKey(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('webhooks').select('id').where('match_key', '=', key).executeTakeFirst();
  return row?.id ?? null;
}

/** Pending deliveries of a disabled subscription wait as paused: not attempted, not lost. */
export async function pauseWebhookDeliveries(trx: Kysely<Database>, webhookId: string, at: string): Promise<void> {
  await trx
    .updateTable('deliveries')
    .set({ status: 'paused', next_attempt_at: null, updated_at: at })
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'pending')
    .execute();
}

export function webhookStore(ctx: StoreContext): Store['webhooks'] {
  const { db } = ctx;

  async function get(id: string): Promise<Webhook | null> {
    const row = await db.selectFrom('webhooks').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toWebhook(row) : null;
  }

  return {
    async create(input): Promise<Webhook> {
      const matchKey = webhookMatchKey(input.url, input.events, input.feedIds);
      // The unique key decides a race between two identical subscriptions: the loser names the winner.
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
          previous_secret: null,
          previous_secret_until: null,
          match_key: matchKey,
        })
        .onConflict((oc) => oc.column('match_key').doNothing())
        .returning(PUBLIC_COLUMNS)
        .executeTakeFirst();
      if (row) return toWebhook(row);
      const existingId = await findByKey(db, matchKey);
      if (existingId === null) {
        throw new FeedloomError('STORE_CONFLICT', 'the subscription conflicted with one that is gone; try again', { statusCode: 409 });
      }
      throw new WebhookExistsError(existingId);
    },

    get,

    async update(id, patch, now): Promise<WebhookUpdate> {
      const at = iso(now);
      return ctx.write(async (trx) => {
        const current = await trx.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
        if (!current) return { kind: 'not-found' };
        const url = patch.url ?? current.url;
        const events = patch.events ?? fromJson<string[]>(current.events, 'webhooks.events', id);
        const feedIds =
          patch.feedIds !== undefined ? patch.feedIds : current.feed_ids === null ? null : fromJson<string[]>(current.feed_ids, 'webhooks.feed_ids', id);
        const matchKey = webhookMatchKey(url, events, feedIds);
        const other = await trx.selectFrom('webhooks').select('id').where('match_key', '=', matchKey).where('id', '<>', id).executeTakeFirst();
        if (other) return { kind: 'conflict', existingId: other.id };

        const wasActive = current.active === 1;
        const active = patch.active ?? wasActive;
        await trx
          .updateTable('webhooks')
          .set({
            url,
            events: toJson(events),
            feed_ids: feedIds === null ? null : toJson(feedIds),
            match_key: matchKey,
            active: active ? 1 : 0,
            // A person's decision replaces whatever disabled it before (a 410, say).
            disabled_reason: active ? null : patch.active === false ? `disabled by request at ${at}` : current.disabled_reason,
            ...(patch.rotate
              ? { secret: patch.rotate.secret, previous_secret: current.secret, previous_secret_until: iso(patch.rotate.previousSecretUntil) }
              : {}),
          })
          .where('id', '=', id)
          .execute();

        let resumedDeliveryIds: string[] = [];
        if (!active) await pauseWebhookDeliveries(trx, id, at);
        if (active && !wasActive) {
          const resumed = await trx
            .updateTable('deliveries')
            .set({ status: 'pending', next_attempt_at: at, updated_at: at })
            .where('webhook_id', '=', id)
            .where('status', '=', 'paused')
            .returning('id')
            .execute();
          resumedDeliveryIds = resumed.map((row) => row.id);
        }
        const row = await trx.selectFrom('webhooks').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
        return { kind: 'updated', webhook: toWebhook(row), resumedDeliveryIds };
      });
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
