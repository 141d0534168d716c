/**
 * Webhook subscriptions. The secret is sealed (src/core/secret-box.ts) here,
 * before it is written, and opened only by deliveries.loadJob.
 */
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
          secret: ctx.secrets.seal(input.secret),
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
        throw new FeedloomError('STORE_CONFLICT', 'the subscription conflicted with one that is gone; try again');
      }
      // A second subscription with the same URL, events and feeds: `webhookId` is the first one.
      throw new FeedloomError('WEBHOOK_EXISTS', `a subscription with the same URL, events and feeds exists: ${existingId}`, {
        details: { webhookId: existingId },
      });
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
              ? { secret: ctx.secrets.seal(patch.rotate.secret), previous_secret: current.secret, previous_secret_until: iso(patch.rotate.previousSecretUntil) }
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

/**
 * Seals secrets stored in plain text (before encryption at rest existed, or
 * written by an older process during a rolling upgrade). Runs at every
 * migrate rather than as a one-off migration because it depends on the key:
 * a production server without SECRET_KEY leaves them (and says so) until a
 * key is set. Two processes doing this at once are harmless: the update only
 * matches a row still holding the plaintext it read.
 */
export async function sealPlaintextSecrets(ctx: StoreContext): Promise<void> {
  const rows = await ctx.db
    .selectFrom('webhooks')
    .select(['id', 'secret', 'previous_secret'])
    .where((eb) => eb.or([eb('secret', 'not like', 'fl1:%'), eb('previous_secret', 'not like', 'fl1:%')]))
    .execute();
  if (rows.length === 0) return;
  if (ctx.secrets.mode === 'refusing') {
    ctx.log.warn({ webhooks: rows.length }, 'webhook secrets stored in plain text stay so until SECRET_KEY is set');
    return;
  }
  const seal = (value: string): string => (ctx.secrets.isSealed(value) ? value : ctx.secrets.seal(value));
  for (const row of rows) {
    let update = ctx.db
      .updateTable('webhooks')
      .set({ secret: seal(row.secret), previous_secret: row.previous_secret === null ? null : seal(row.previous_secret) })
      .where('id', '=', row.id)
      .where('secret', '=', row.secret);
    update = row.previous_secret === null ? update.where('previous_secret', 'is', null) : update.where('previous_secret', '=', row.previous_secret);
    await update.execute();
  }
  ctx.log.info({ webhooks: rows.length }, 'sealed webhook secrets stored in plain text');
}
