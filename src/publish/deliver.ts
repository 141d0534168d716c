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
  /** Also signs while a rotation's overlap window lasts. */
  previousSecret?: string | null;
  /** The webhook-id: the same on every retry of one event, so subscribers can dedupe. */
  msgId: string;
  event: WebhookEvent;
  article: Article;
  timeoutMs: number;
  userAgent: string;
  now?: Date;
}

// Node's fetch says only "fetch failed" and keeps the reason (ECONNREFUSED, …) in `cause`; a cause the
// message already quotes is not repeated.
function describeFailure(err: unknown): string {
  let text = '';
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    const message = errorMessage(current);
    if (message !== '' && !text.includes(message)) text = text === '' ? message : `${text}: ${message}`;
    current = current instanceof Error ? current.cause : undefined;
  }
  return text === '' ? 'unknown error' : text;
}

export async function deliverWebhook(poster: WebhookPoster, input: DeliveryInput): Promise<DeliveryOutcome> {
  try {
    const now = input.now ?? new Date();
    const signed = signWebhook({
      secret: input.secret,
      previousSecret: input.previousSecret ?? null,
      msgId: input.msgId,
      timestamp: now,
      body: webhookBody(input.event, input.article, now),
      userAgent: input.userAgent,
    });
    const response = await poster.post(input.url, { ...signed, timeoutMs: input.timeoutMs });
    return classifyResponse(response.status, response.bodyText);
  } catch (err) {
    return { kind: 'retry', status: null, error: `webhook POST failed: ${describeFailure(err)}` };
  }
}
