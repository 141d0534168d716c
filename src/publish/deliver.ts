/**
 * One delivery attempt: sign, POST, classify. The worker decides what to do
 * with the outcome (retry later, mark failed, disable the subscription), so
 * this never throws: every failure becomes an outcome it can store.
 */
import { errorMessage } from '../core/errors.js';
import type { Article } from '../core/model.js';
import { classifyResponse, type DeliveryOutcome } from './outcome.js';
import { webhookBody, type WebhookEvent } from './payload.js';
import { signWebhook } from './sign.js';

/** The fetch stage's HttpClient implements this; it throws on network errors, timeouts and blocked addresses. */
export interface WebhookPoster {
  post(
    url: string,
    options: { body: string; headers: Record<string, string>; timeoutMs: number },
  ): Promise<{ status: number; headers: Record<string, string>; bodyText: string }>;
}

export interface DeliveryInput {
  url: string;
  secret: string;
  /** The webhook-id: the same on every retry of one event, so subscribers can dedupe. */
  msgId: string;
  event: WebhookEvent;
  article: Article;
  timeoutMs: number;
  userAgent: string;
  now?: Date;
}

// Node's fetch reports "fetch failed" and hides the reason (ECONNREFUSED, …) in `cause`.
function describeFailure(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  while (current !== undefined && current !== null && parts.length < 4) {
    const message = errorMessage(current);
    if (message !== '' && !parts.includes(message)) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.length === 0 ? 'unknown error' : parts.join(': ');
}

export async function deliverWebhook(poster: WebhookPoster, input: DeliveryInput): Promise<DeliveryOutcome> {
  try {
    const now = input.now ?? new Date();
    const signed = signWebhook({
      secret: input.secret,
      msgId: input.msgId,
      timestamp: now,
      body: webhookBody(input.event, input.article, now),
      userAgent: input.userAgent,
    });
    const response = await poster.post(input.url, { ...signed, timeoutMs: input.timeoutMs });
    return classifyResponse(response.status, response.bodyText);
  } catch (err) {
    return { kind: 'retry', status: null, error: `POST ${input.url} failed: ${describeFailure(err)}` };
  }
}
