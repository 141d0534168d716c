/**
 * A WebSub hub for tests, on 127.0.0.1: takes subscription requests (form
 * POST), answers 202 and verifies intent by calling the callback with a
 * challenge, as the W3C Recommendation describes; publishes signed content to
 * verified subscribers. `refuse` makes it answer subscription requests 500.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { listen, type Listening } from '../helpers/http-servers.js';

export interface HubSubscription {
  callback: string;
  topic: string;
  secret: string;
  leaseSeconds: number;
  verified: boolean;
  /** What the callback answered to the challenge. */
  answer: { status: number; body: string } | null;
}

export interface TestHub extends Listening {
  requests: HubSubscription[];
  refuse: boolean;
  /** The lease the hub grants (whatever was asked). */
  grantSeconds: number;
  /** Signs `body` with the subscription's secret (or `secret`) and POSTs it to the callback. */
  publish(subscription: HubSubscription, body: string, options?: { secret?: string; signature?: string | null }): Promise<number>;
  /** Sends a verification the subscriber never asked for. */
  verify(callback: string, topic: string, mode?: string): Promise<{ status: number; body: string }>;
}

export async function startTestHub(): Promise<TestHub> {
  const hub = {} as TestHub;
  const requests: HubSubscription[] = [];

  async function verify(callback: string, topic: string, mode = 'subscribe', leaseSeconds = hub.grantSeconds) {
    const challenge = randomBytes(12).toString('hex');
    const url = new URL(callback);
    url.searchParams.set('hub.mode', mode);
    url.searchParams.set('hub.topic', topic);
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.lease_seconds', String(leaseSeconds));
    const res = await fetch(url);
    const body = await res.text();
    return { status: res.status, body, challenge };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (req.method !== 'POST' || form.get('hub.mode') !== 'subscribe') {
        res.writeHead(400).end('unsupported');
        return;
      }
      if (hub.refuse) {
        res.writeHead(500).end('hub is broken');
        return;
      }
      const subscription: HubSubscription = {
        callback: form.get('hub.callback') ?? '',
        topic: form.get('hub.topic') ?? '',
        secret: form.get('hub.secret') ?? '',
        leaseSeconds: Number(form.get('hub.lease_seconds') ?? 0),
        verified: false,
        answer: null,
      };
      requests.push(subscription);
      res.writeHead(202).end();
      // Verification of intent happens after the 202, as hubs do it.
      setImmediate(() => {
        verify(subscription.callback, subscription.topic)
          .then(({ status, body, challenge }) => {
            subscription.answer = { status, body };
            subscription.verified = status === 200 && body === challenge;
          })
          .catch(() => undefined);
      });
    });
  });

  Object.assign(hub, await listen(server), {
    requests,
    refuse: false,
    grantSeconds: 86_400,
    async publish(subscription: HubSubscription, body: string, options: { secret?: string; signature?: string | null } = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8' };
      const signature =
        options.signature === undefined
          ? `sha256=${createHmac('sha256', options.secret ?? subscription.secret).update(body).digest('hex')}`
          : options.signature;
      if (signature !== null) headers['x-hub-signature'] = signature;
      const res = await fetch(subscription.callback, { method: 'POST', headers, body });
      await res.arrayBuffer();
      return res.status;
    },
    verify: async (callback: string, topic: string, mode?: string) => {
      const { status, body } = await verify(callback, topic, mode);
      return { status, body };
    },
  });
  return hub;
}
