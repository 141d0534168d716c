/** Webhook subscriptions and their deliveries. The secret appears in one schema only: the answer to creation. */
import { Type } from '@fastify/type-provider-typebox';
import { ARTICLE_EVENTS } from '../../core/model.js';
import { Cursor, HttpUrl, Id, Limit, Nullable, Timestamp } from './common.js';

export const WebhookEvent = Type.Enum([...ARTICLE_EVENTS]);
export const DeliveryStatus = Type.Enum(['pending', 'succeeded', 'failed', 'paused']);

const webhookFields = {
  id: Type.String(),
  url: Type.String(),
  feedIds: Nullable(Type.Array(Type.String())),
  events: Type.Array(WebhookEvent),
  active: Type.Boolean(),
  disabledReason: Nullable(Type.String()),
  createdAt: Timestamp,
};

export const Webhook = Type.Object(webhookFields);
export const WebhookWithSecret = Type.Object({
  ...webhookFields,
  secret: Type.String({ description: 'returned only when the subscription is created' }),
});

export const CreateWebhookBody = Type.Object(
  {
    url: HttpUrl,
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'whsec_ + base64 of 24-64 bytes; generated when absent' })),
    feedIds: Type.Optional(Type.Array(Id, { maxItems: 1000, description: 'absent: every feed' })),
    events: Type.Optional(Type.Array(WebhookEvent, { minItems: 1, maxItems: 2 })),
  },
  { additionalProperties: false },
);

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(HttpUrl),
    feedIds: Type.Optional(Nullable(Type.Array(Id, { maxItems: 1000, description: 'null: every feed' }))),
    events: Type.Optional(Type.Array(WebhookEvent, { minItems: 1, maxItems: 2 })),
    active: Type.Optional(Type.Boolean({ description: 'true re-enables (after a 410 or a manual disable) and resumes paused deliveries' })),
    rotateSecret: Type.Optional(
      Type.Literal(true, { description: 'a new secret, returned once; the old one keeps signing for WEBHOOK_SECRET_OVERLAP_SECONDS' }),
    ),
  },
  { additionalProperties: false },
);

/** The answer to a PATCH: the secret only when the PATCH rotated it. */
export const UpdatedWebhook = Type.Object({
  ...webhookFields,
  secret: Type.Optional(Type.String({ description: 'the new secret, present only in the answer to rotateSecret' })),
});

/** One delivery, to a webhook or a destination (which adds the post it made). */
export const deliveryFields = {
  id: Type.String(),
  articleId: Type.String(),
  event: WebhookEvent,
  status: DeliveryStatus,
  attempts: Type.Integer(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Nullable(Timestamp),
  createdAt: Timestamp,
};

export const Delivery = Type.Object(deliveryFields);

export const ListDeliveriesQuery = Type.Object({
  status: Type.Optional(DeliveryStatus),
  limit: Type.Optional(Limit),
  cursor: Type.Optional(Cursor),
});

export const RetryParams = Type.Object({ id: Id, deliveryId: Id });
