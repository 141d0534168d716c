/** `webhooks` and `deliveries` rows in the API's shapes. */
import type { Selectable } from 'kysely';
import type { SecretBox } from '../core/secret-box.js';
import type { DeliveriesTable, WebhooksTable } from './schema.js';
import type { Delivery, DeliveryStatus, Webhook, WebhookEventName, WebhookWithSecret } from './types.js';
import { fromJson } from './values.js';

export type WebhookRow = Selectable<WebhooksTable>;

/** Without the secret: it is shown once, at creation, and handed only to the deliver worker. */
export function toWebhook(row: Omit<WebhookRow, 'secret' | 'previous_secret' | 'previous_secret_until' | 'match_key'>): Webhook {
  return {
    id: row.id,
    url: row.url,
    feedIds: row.feed_ids === null ? null : fromJson<string[]>(row.feed_ids, 'webhooks.feed_ids', row.id),
    events: fromJson<WebhookEventName[]>(row.events, 'webhooks.events', row.id),
    active: row.active === 1,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
  };
}

/**
 * For the deliver worker only: the secrets opened (a row not sealed yet is
 * read as it is). `now` decides whether the secret a rotation replaced still signs.
 */
export function toWebhookWithSecret(row: WebhookRow, now: Date, secrets: SecretBox): WebhookWithSecret {
  const overlapping = row.previous_secret !== null && row.previous_secret_until !== null && row.previous_secret_until > now.toISOString();
  const open = (value: string): string => (secrets.isSealed(value) ? secrets.open(value) : value);
  return { ...toWebhook(row), secret: open(row.secret), previousSecret: overlapping && row.previous_secret !== null ? open(row.previous_secret) : null };
}

export function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    destinationId: row.destination_id,
    remoteId: row.remote_id,
    remoteUrl: row.remote_url,
    articleId: row.article_id,
    event: row.event as WebhookEventName,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
}
