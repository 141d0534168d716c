/**
 * Configuration errors: every invalid value stops loadConfig with a message
 * that names the variable, and `feedloom start` with one exits 78 (EX_CONFIG)
 * after saying so on stderr, without starting anything.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/index.js';
import { spawnFeedloom } from '../helpers/feedloom-process.js';

const INVALID: Array<[string, string]> = [
  ['PORT', '70000'],
  ['PORT', 'eighty'],
  ['MIN_POLL_SECONDS', '-5'],
  ['FETCH_TIMEOUT_MS', '1.5'],
  ['FETCH_MAX_BYTES', 'lots'],
  ['REDIS_URL', 'http://127.0.0.1:6379'],
  ['REDIS_URL', 'not a url'],
  ['JOB_LOCK_MS', '10'],
  ['TRUST_PROXY', 'yes please'],
  ['TRUST_PROXY', '10.0.0.0/99'],
  ['TRUST_PROXY', '3'],
  ['SECRET_KEY', 'short'],
  ['REGISTRATION_WAIT_MS', '-1'],
  ['RATE_LIMIT_MAX', '0'],
  ['SITE_CONFIG_DIR', '/nonexistent/ftr-site-config'],
  ['SITE_CONFIG_DIR', 'package.json'],
];

describe('configuration errors', () => {
  it.each(INVALID)('%s=%s is refused with a message naming it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
  });

  it('MAX_POLL_SECONDS below MIN_POLL_SECONDS and backoff bounds the wrong way round are refused', () => {
    expect(() => loadConfig({ MIN_POLL_SECONDS: '600', MAX_POLL_SECONDS: '60' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_BACKOFF_BASE_MS: '5000', WEBHOOK_BACKOFF_MAX_MS: '10' })).toThrow(/WEBHOOK_BACKOFF_MAX_MS/);
  });

  it('valid spellings are accepted', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback']);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({}).registrationWaitMs).toBe(3000);
  });

  it('`feedloom start` with an invalid value exits 78 and names the variable', async () => {
    const child = spawnFeedloom(['start'], { PORT: '0', FETCH_TIMEOUT_MS: 'soon', DATABASE_URL: ':memory:' });
    expect(await child.exited).toBe(78);
    expect(child.stderr()).toMatch(/INVALID_CONFIG: .*FETCH_TIMEOUT_MS/);
    expect(child.logs.some((line) => line.msg === 'feedloom started')).toBe(false);
  });
});
