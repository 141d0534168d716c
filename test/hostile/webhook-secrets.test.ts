/**
 * Webhook secrets at rest and in motion, on SQLite and PostgreSQL: the row
 * holds only the sealed value, rows written in plain text before encryption
 * are sealed at the next migrate, a production server without SECRET_KEY
 * refuses to store one, the API never shows it after creation, and a whole
 * run (registration, fetch, normalize, signed delivery) logged at trace level
 * never writes it.
 */
import { randomBytes } from 'node:crypto';
import { Webhook as Verifier } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingLogger } from '../helpers/logs.js';
import { createSecretBox } from '../../src/core/secret-box.js';
import type { Kysely } from 'kysely';
import { silentLogger } from '../../src/core/logger.js';
import { connect, locateDatabase } from '../../src/store/connection.js';
import { openStore } from '../../src/store/index.js';
import type { Database } from '../../src/store/schema.js';
import { startTestApi } from '../api/harness.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { rss, startFeedServer, startWebhookReceiver, waitFor, type FeedServer, type WebhookReceiver } from '../helpers/http-servers.js';
import { apiClient, flushPrefix, startTestService, testConfig } from '../helpers/service.js';

const KEY = randomBytes(32).toString('base64');

function generatedSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Every form of the secret that would give it away: as sent, its base64 key part, and that key in hex. */
function spellings(secret: string): string[] {
  const key = secret.slice('whsec_'.length);
  return [secret, key, Buffer.from(key, 'base64').toString('hex')];
}

describe.each(TEST_DIALECTS)('webhook secrets at rest on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it('stores only the sealed secret and opens it for the delivery', async () => {
    const box = createSecretBox({ secretKey: KEY, secretKeysPrevious: [], production: true });
    const store = await openStore(db.url, { secretBox: box });
    try {
      await store.migrate();
      const secret = generatedSecret();
      const hook = await store.webhooks.create({ url: 'https://hooks.example.org/a', secret, feedIds: null, events: ['article.created'] });
      expect(Object.keys(hook)).not.toContain('secret');
      const raw = await rawSecret(db, hook.id);
      expect(raw.startsWith('fl1:')).toBe(true);
      for (const spelling of spellings(secret)) expect(raw).not.toContain(spelling);
      expect(box.open(raw)).toBe(secret);

      // A rotation seals the new secret; the replaced one stays sealed as it was.
      const next = generatedSecret();
      const rotated = await store.webhooks.update(hook.id, { rotate: { secret: next, previousSecretUntil: new Date(Date.now() + 60_000) } }, new Date());
      expect(rotated.kind).toBe('updated');
      const row = await rawRow(db, hook.id);
      expect(row.previous_secret).toBe(raw);
      expect(box.open(row.secret)).toBe(next);
      for (const spelling of spellings(next)) expect(row.secret).not.toContain(spelling);
    } finally {
      await store.close();
    }
  });

  it('seals secrets stored in plain text at the next migrate; a server without a key in production leaves them', async () => {
    const plain = generatedSecret();
    const previous = generatedSecret();
    const refusing = createSecretBox({ secretKey: null, secretKeysPrevious: [], production: true });
    const keyed = createSecretBox({ secretKey: KEY, secretKeysPrevious: [], production: true });
    const legacy = await openStore(db.url, { secretBox: refusing });
    let id: string;
    try {
      id = await insertPlaintextWebhook(db, plain, previous);
      await legacy.migrate();
      expect(await rawSecret(db, id)).toBe(plain);
    } finally {
      await legacy.close();
    }
    // Two processes starting together both try: the secret ends sealed once and still opens.
    const [first, second] = await Promise.all([openStore(db.url, { secretBox: keyed }), openStore(db.url, { secretBox: keyed })]);
    try {
      await Promise.all([first.migrate(), second.migrate()]);
      const sealed = await rawRow(db, id);
      expect(keyed.open(sealed.secret)).toBe(plain);
      expect(keyed.open(sealed.previous_secret ?? '')).toBe(previous);
      for (const spelling of [...spellings(plain), ...spellings(previous)]) expect(JSON.stringify(sealed)).not.toContain(spelling);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

/** The column as stored, read over a connection of the test's own (the store has no reader for it, on purpose). */
async function rawSecret(db: TestDatabase, webhookId: string): Promise<string> {
  return withRawDb(db, async (raw) => (await raw.selectFrom('webhooks').select('secret').where('id', '=', webhookId).executeTakeFirstOrThrow()).secret);
}

/** A row as an older version wrote it: the secret in plain text. */
async function insertPlaintextWebhook(db: TestDatabase, secret: string, previous: string): Promise<string> {
  const id = `legacy-${randomBytes(4).toString('hex')}`;
  await withRawDb(db, (raw) =>
    raw
      .insertInto('webhooks')
      .values({
        id,
        url: `https://hooks.example.org/${id}`,
        secret,
        previous_secret: previous,
        previous_secret_until: new Date(Date.now() + 3_600_000).toISOString(),
        match_key: null,
        feed_ids: null,
        events: '["article.created"]',
        active: 1,
        disabled_reason: null,
        created_at: new Date().toISOString(),
      })
      .execute(),
  );
  return id;
}

async function rawRow(db: TestDatabase, webhookId: string): Promise<{ secret: string; previous_secret: string | null }> {
  return withRawDb(db, (raw) => raw.selectFrom('webhooks').select(['secret', 'previous_secret']).where('id', '=', webhookId).executeTakeFirstOrThrow());
}

async function withRawDb<T>(db: TestDatabase, work: (raw: Kysely<Database>) => Promise<T>): Promise<T> {
  const raw = connect(locateDatabase(db.url), silentLogger);
  try {
    return await work(raw);
  } finally {
    await raw.destroy();
  }
}

describe('webhook secrets over the API', () => {
  it('production without SECRET_KEY refuses to store one (400 SECRET_KEY_REQUIRED), and stores nothing', async () => {
    const api = await startTestApi({ env: { NODE_ENV: 'production', ALLOW_HOSTS: '127.0.0.1' } });
    try {
      const res = await api.call({ method: 'POST', url: '/v1/webhooks', payload: { url: 'http://127.0.0.1:9/hook' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, code: 'SECRET_KEY_REQUIRED' });
      const list = await api.call({ method: 'GET', url: '/v1/webhooks' });
      expect(list.json()).toEqual({ items: [], nextCursor: null });
    } finally {
      await api.close();
    }
  });
});

describe.each(TEST_DIALECTS)('a whole run logged at trace level on %s', (dialect) => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    feeds = await startFeedServer();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await feeds.close();
    await receiver.close();
    await db.cleanup();
  });

  it('delivers signed with the secret but never logs it nor shows it after creation', async () => {
    // No redaction configured: the secret must not reach a log call at all, not merely be censored.
    const { log, lines } = collectingLogger({ level: 'trace' });
    const config = testConfig(db.url, { SECRET_KEY: KEY, LOG_LEVEL: 'trace' });
    const service = await startTestService(config, {}, log);
    try {
      const api = apiClient(service.url!);
      const secret = generatedSecret();
      const created = await api.post<{ id: string; secret: string }>('/v1/webhooks', { url: `${receiver.base}/hook`, secret });
      expect(created.status).toBe(201);
      expect(created.body.secret).toBe(secret);
      const generated = await api.post<{ id: string; secret: string }>('/v1/webhooks', { url: `${receiver.base}/other` });
      expect(generated.status).toBe(201);

      feeds.set('/feed.xml', rss([{ guid: 'one', title: 'One', body: '<p>Story one, long enough to be an article.</p>', date: '2026-11-01T08:00:00Z' }]));
      const feed = await api.post<{ id: string }>('/v1/feeds', { url: `${feeds.base}/feed.xml` });
      expect(feed.status).toBe(201);
      await waitFor(() => receiver.accepted().length === 2, 20_000, 'both deliveries');

      // Each subscription's delivery verifies with its own secret: the worker opened what the store sealed.
      expect(receiver.accepted().filter((r) => verifies(secret, r) && r.body.includes('"One"'))).toHaveLength(1);
      expect(receiver.accepted().filter((r) => verifies(generated.body.secret, r))).toHaveLength(1);

      const shown = JSON.stringify([
        await api.get('/v1/webhooks'),
        await api.get(`/v1/webhooks/${created.body.id}`),
        await api.get(`/v1/webhooks/${created.body.id}/deliveries`),
        await api.get(`/v1/webhooks/${generated.body.id}`),
      ]);
      const all = lines.join('');
      // The run was logged, from the fetch to both deliveries: the lines below had every chance to carry a secret.
      expect(all).toContain('feed fetched');
      expect(lines.filter((line) => line.includes('webhook delivered'))).toHaveLength(2);
      for (const leaked of [...spellings(secret), ...spellings(generated.body.secret)]) {
        expect(shown).not.toContain(leaked);
        expect(all).not.toContain(leaked);
      }
    } finally {
      await service.close();
      await flushPrefix(config.queuePrefix);
    }
  });
});

function verifies(secret: string, received: { headers: Record<string, string | string[] | undefined>; body: string }): boolean {
  try {
    new Verifier(secret).verify(received.body, {
      'webhook-id': String(received.headers['webhook-id']),
      'webhook-timestamp': String(received.headers['webhook-timestamp']),
      'webhook-signature': String(received.headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
}
