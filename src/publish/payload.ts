import type { Article, ArticleEvent } from '../core/model.js';

export type WebhookEvent = ArticleEvent;

/** The delivery body of API.md; serialized once so the signature covers exactly the bytes sent. */
export function webhookBody(event: WebhookEvent, article: Article, at: Date): string {
  return JSON.stringify({ type: event, timestamp: at.toISOString(), data: article });
}
