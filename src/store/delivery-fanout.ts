/**
 * Creating the deliveries of one article event, inside the transaction that
 * saved the article, so an announced article always has its deliveries and a
 * re-run finds them already there (unique article+webhook+event+revision).
 */
import type { Kysely } from 'kysely';
import { newId } from './ids.js';
import type { Database } from './schema.js';
import type { WebhookEventName } from './types.js';
import { fromJson } from './values.js';

export interface ArticleEvent {
  articleId: string;
  feedId: string;
  event: WebhookEventName;
  contentHash: string;
  at: string;
}

/** Returns the ids of the pending deliveries this call created (none for a repeat), to queue. */
export async function createDeliveries(trx: Kysely<Database>, event: ArticleEvent): Promise<string[]> {
  // Subscriptions are few; filtering their JSON lists here keeps the SQL the same on both dialects.
  // Disabled subscriptions get their deliveries too, paused: re-enabling one delivers what it missed.
  const webhooks = await trx.selectFrom('webhooks').select(['id', 'feed_ids', 'events', 'active']).execute();
  const matching = webhooks.filter((webhook) => {
    const events = fromJson<string[]>(webhook.events, 'webhooks.events', webhook.id);
    const feedIds = webhook.feed_ids === null ? null : fromJson<string[]>(webhook.feed_ids, 'webhooks.feed_ids', webhook.id);
    return events.includes(event.event) && (feedIds === null || feedIds.includes(event.feedId));
  });
  const toWebhooks = matching.length === 0 ? [] : await insertWebhookDeliveries(trx, event, matching);
  return [...toWebhooks, ...(await createDestinationDeliveries(trx, event))];
}

async function insertWebhookDeliveries(trx: Kysely<Database>, event: ArticleEvent, matching: { id: string; active: number }[]): Promise<string[]> {
  const rows = await trx
    .insertInto('deliveries')
    .values(
      matching.map((webhook) => ({
        id: newId(),
        webhook_id: webhook.id,
        article_id: event.articleId,
        event: event.event,
        content_hash: event.contentHash,
        status: webhook.active === 1 ? 'pending' : 'paused',
        attempts: 0,
        last_status: null,
        last_error: null,
        next_attempt_at: webhook.active === 1 ? event.at : null,
        created_at: event.at,
        updated_at: event.at,
      })),
    )
    .onConflict((oc) => oc.columns(['article_id', 'webhook_id', 'event', 'content_hash']).where('webhook_id', 'is not', null).doNothing())
    .returning(['id', 'status'])
    .execute();
  return rows.filter((row) => row.status === 'pending').map((row) => row.id);
}

/** A destination gets both events: the first creates the post, later ones update it. */
async function createDestinationDeliveries(trx: Kysely<Database>, event: ArticleEvent): Promise<string[]> {
  const destinations = await trx.selectFrom('destinations').select(['id', 'feed_ids']).where('enabled', '=', 1).execute();
  const matching = destinations.filter(
    (destination) =>
      destination.feed_ids === null || fromJson<string[]>(destination.feed_ids, 'destinations.feed_ids', destination.id).includes(event.feedId),
  );
  if (matching.length === 0) return [];
  const rows = await trx
    .insertInto('deliveries')
    .values(
      matching.map((destination) => ({
        id: newId(),
        webhook_id: null,
        destination_id: destination.id,
        article_id: event.articleId,
        event: event.event,
        content_hash: event.contentHash,
        status: 'pending',
        attempts: 0,
        last_status: null,
        last_error: null,
        next_attempt_at: event.at,
        created_at: event.at,
        updated_at: event.at,
      })),
    )
    .onConflict((oc) => oc.columns(['article_id', 'destination_id', 'event', 'content_hash']).where('destination_id', 'is not', null).doNothing())
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
