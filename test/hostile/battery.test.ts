/**
 * The hostile-request battery (battery.ts) against the whole service, on
 * SQLite and PostgreSQL, with ALLOW_HOSTS empty so that 127.0.0.1 (where
 * the canary listens) is as private as any address: no 5xx, nothing
 * accepted, every refusal with a code, the canary never reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/databases.js';
import { flushPrefix, startTestService, testConfig } from '../helpers/service.js';
import { runBattery, startCanary } from './battery.js';

describe.each(TEST_DIALECTS)('the hostile battery on %s', (dialect) => {
  let db: TestDatabase;
  let service: RunningService;
  let canary: Awaited<ReturnType<typeof startCanary>>;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    canary = await startCanary();
    service = await startTestService(testConfig(db.url, { ALLOW_HOSTS: '', RATE_LIMIT_MAX: '1000000', API_TOKEN: 'battery-token-0123456789' }));
  });
  afterAll(async () => {
    await service.close();
    await flushPrefix(service.config.queuePrefix);
    await canary.close();
    await db.cleanup();
  });

  it('refuses every request with a 4xx and a code, and reaches no private address', async () => {
    const result = await runBattery(service.url!, 'battery-token-0123456789', canary);
    expect(result.serverErrors).toEqual([]);
    expect(result.accepted).toEqual([]);
    expect(result.withoutCode).toEqual([]);
    expect(result.canaryHits).toBe(0);
    expect(result.createdFeeds).toBe(0);
    expect(result.createdWebhooks).toBe(0);
    expect(result.total).toBeGreaterThan(600);
  }, 180_000);
});
