/**
 * What a subscriber's answer means for the delivery. Only 2xx counts as
 * received: a redirect is not followed (the signature is bound to the URL the
 * subscriber registered), so 3xx is retried like any other failure.
 */
export type DeliveryOutcome =
  | { kind: 'success'; status: number }
  | { kind: 'retry'; status: number | null; error: string }
  | { kind: 'disable'; status: 410; error: string };

// Enough of the subscriber's answer to explain a failure in `lastError` without storing a whole error page.
const BODY_EXCERPT_CHARS = 200;

function excerpt(bodyText: string | undefined): string {
  const text = (bodyText ?? '').replace(/\s+/g, ' ').trim();
  if (text === '') return '';
  return text.length > BODY_EXCERPT_CHARS ? `: ${text.slice(0, BODY_EXCERPT_CHARS)}…` : `: ${text}`;
}

export function classifyResponse(status: number, bodyText?: string): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'success', status };
  if (status === 410) {
    return { kind: 'disable', status, error: `subscriber answered HTTP 410 Gone: subscription disabled${excerpt(bodyText)}` };
  }
  return { kind: 'retry', status, error: `subscriber answered HTTP ${status}${excerpt(bodyText)}` };
}
