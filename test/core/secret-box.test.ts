import { httpStatusOf } from '../../src/api/error-status.js';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectingLogger } from '../helpers/logs.js';
import { ConfigError, loadConfig } from '../../config/index.js';
import { FeedloomError } from '../../src/core/errors.js';
import { CREDENTIAL_PATHS } from '../../src/core/logger.js';
import { createSecretBox, deriveKey, describeSecretBox } from '../../src/core/secret-box.js';

const KEY = randomBytes(32).toString('base64');
const OTHER = randomBytes(32).toString('hex');

function box(secretKey: string | null, previous: string[] = [], production = false) {
  return createSecretBox({ secretKey, secretKeysPrevious: previous, production });
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof FeedloomError ? err.code : `not a FeedloomError: ${String(err)}`;
  }
  return 'no error';
}

describe('secret box', () => {
  it('round-trips text (unicode included) and never shows the plaintext in the sealed value', () => {
    const b = box(KEY);
    const secret = 'abcd efgh ijkl mnop qrst uvwx — é';
    const sealed = b.seal(secret);
    expect(sealed).toMatch(/^fl1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('abcd');
    expect(b.open(sealed)).toBe(secret);
    expect(b.isSealed(sealed)).toBe(true);
    expect(b.isSealed(secret)).toBe(false);
    expect(b.mode).toBe('configured');
  });

  it('seals the same text differently each time (fresh IV)', () => {
    const b = box(KEY);
    expect(b.seal('same')).not.toBe(b.seal('same'));
  });

  it('refuses an altered value, a relabelled key id and a truncated value', () => {
    const b = box(KEY);
    const sealed = b.seal('secret');
    const payload = Buffer.from(sealed.split(':')[2]!, 'base64url');
    payload[payload.length - 1]! ^= 1;
    const altered = `${sealed.split(':').slice(0, 2).join(':')}:${payload.toString('base64url')}`;
    expect(errorCode(() => b.open(altered))).toBe('SECRET_UNREADABLE');
    expect(errorCode(() => b.open(`fl1:00000000:${sealed.split(':')[2]}`))).toBe('SECRET_UNREADABLE');
    expect(errorCode(() => b.open('fl1:' + sealed.split(':')[1] + ':AAAA'))).toBe('SECRET_UNREADABLE');
    expect(errorCode(() => b.open('plaintext'))).toBe('SECRET_UNREADABLE');
  });

  it('rotates: values sealed with a previous key still open, new values use the new key', () => {
    const old = box(KEY);
    const sealedBefore = old.seal('before rotation');
    const rotated = box(OTHER, [KEY]);
    expect(rotated.open(sealedBefore)).toBe('before rotation');
    const sealedAfter = rotated.seal('after');
    expect(sealedAfter.split(':')[1]).not.toBe(sealedBefore.split(':')[1]);
    expect(errorCode(() => box(OTHER, [], true).open(sealedBefore))).toBe('SECRET_UNREADABLE');
  });

  it('accepts 32 bytes as base64 or hex, and stretches a passphrase', () => {
    const bytes = randomBytes(32);
    expect(deriveKey(bytes.toString('base64')).equals(bytes)).toBe(true);
    expect(deriveKey(bytes.toString('hex')).equals(bytes)).toBe(true);
    const stretched = deriveKey('correct horse battery staple');
    expect(stretched.length).toBe(32);
    expect(deriveKey('correct horse battery staple').equals(stretched)).toBe(true);
    expect(() => deriveKey('short')).toThrow(/at least 16 characters/);
  });

  it('in production without SECRET_KEY refuses to seal with 400 SECRET_KEY_REQUIRED', () => {
    const b = box(null, [], true);
    expect(b.mode).toBe('refusing');
    let caught: unknown;
    try {
      b.seal('x');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FeedloomError);
    expect((caught as FeedloomError).code).toBe('SECRET_KEY_REQUIRED');
    expect(httpStatusOf(caught as FeedloomError)).toBe(400);
    expect(describeSecretBox(b).message).toMatch(/will be refused/);
  });

  it('outside production without a key uses the development key, says so, and its values stay readable after a key is set', () => {
    const dev = box(null);
    expect(dev.mode).toBe('development');
    expect(describeSecretBox(dev)).toMatchObject({ level: 'warn', message: expect.stringMatching(/DEVELOPMENT key/) });
    const sealed = dev.seal('dev value');
    expect(box(KEY).open(sealed)).toBe('dev value');
    expect(errorCode(() => box(KEY, [], true).open(sealed))).toBe('SECRET_UNREADABLE');
  });
});

describe('SECRET_KEY configuration', () => {
  it('reads the key, previous keys (case kept) and NODE_ENV', () => {
    const config = loadConfig({ SECRET_KEY: KEY, SECRET_KEY_PREVIOUS: `${OTHER}, Some Old Passphrase 1`, NODE_ENV: 'production' });
    expect(config.secretKey).toBe(KEY);
    expect(config.secretKeysPrevious).toEqual([OTHER, 'Some Old Passphrase 1']);
    expect(config.production).toBe(true);
    expect(loadConfig({}).secretKey).toBeNull();
    expect(loadConfig({}).production).toBe(false);
  });

  it('refuses a key that is too short, naming the variable', () => {
    expect(() => loadConfig({ SECRET_KEY: 'tooshort' })).toThrow(ConfigError);
    expect(() => loadConfig({ SECRET_KEY: 'tooshort' })).toThrow(/SECRET_KEY must be/);
    expect(() => loadConfig({ SECRET_KEY_PREVIOUS: 'x' })).toThrow(/SECRET_KEY_PREVIOUS must be/);
  });
});

describe('log redaction', () => {
  it('censors credentials wherever a logged object carries them', () => {
    const { log, lines } = collectingLogger({ level: 'info', redact: CREDENTIAL_PATHS });
    log.info({ applicationPassword: 'p1 p1 p1', body: { applicationPassword: 'p2 p2' }, req: { headers: { authorization: 'Basic p3' } } }, 'x');
    log.info({ destination: { fetch: { password: 'p4' } }, secret: 'whsec_p5' }, 'y');
    const text = lines.join('');
    for (const leaked of ['p1 p1', 'p2 p2', 'Basic p3', 'p4', 'whsec_p5']) expect(text).not.toContain(leaked);
    expect(text).toContain('[redacted]');
  });
});
