/**
 * Credentials at rest: webhook secrets, WordPress application passwords,
 * per-feed basic-auth passwords. The store only ever holds what `seal` returns;
 * the plaintext exists in memory just long enough to be used.
 *
 * Cipher: AES-256-GCM (node:crypto), a fresh 12-byte IV per value, the 16-byte
 * tag checked on open, so a tampered or truncated value is refused rather than
 * decrypted to garbage.
 *
 * Sealed format (ASCII, safe in any TEXT column):
 *
 *     fl1:<key id>:<base64url(iv ‖ tag ‖ ciphertext)>
 *
 * `fl1` is the format version (a later format gets `fl2`, and `open` keeps
 * reading `fl1`). The key id (8 hex chars of SHA-256 over the key) names which
 * key sealed the value, so keys can rotate: set the new `SECRET_KEY`, move the
 * old one to `SECRET_KEY_PREVIOUS`; old values still open, new ones are sealed
 * with the new key. The header is authenticated (GCM additional data), so a
 * value cannot be relabelled to another key or version.
 *
 * Keys (`SECRET_KEY`, `SECRET_KEY_PREVIOUS`): 32 random bytes as base64
 * (`openssl rand -base64 32`) or as 64 hex characters are used as they are;
 * any other string of at least 16 characters is a passphrase, stretched with
 * scrypt (fixed salt: the passphrase must be the secret part).
 *
 * Without `SECRET_KEY`: in production (`NODE_ENV=production`) `seal` refuses
 * (400 `SECRET_KEY_REQUIRED`), so no credential is ever stored unprotected;
 * elsewhere a built-in development key is used, which protects nothing, and the
 * service says so in its log at start.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { FeedloomError } from './errors.js';

export interface SecretBox {
  /** Encrypts a credential for storage. Throws `SECRET_KEY_REQUIRED` (400) in production without a key. */
  seal(plaintext: string): string;
  /** Decrypts what `seal` returned (with the current or a previous key). Throws `SECRET_UNREADABLE` otherwise. */
  open(sealed: string): string;
  /** Whether a stored value is in the sealed format (to tell legacy plaintext rows apart). */
  isSealed(value: string): boolean;
  /** `configured`: SECRET_KEY set; `development`: the built-in key; `refusing`: production without a key. */
  readonly mode: 'configured' | 'development' | 'refusing';
}

export interface SecretKeyConfig {
  secretKey: string | null;
  secretKeysPrevious: string[];
  production: boolean;
}

const VERSION = 'fl1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const MIN_PASSPHRASE_CHARS = 16;
// Public on purpose: the development key is a placeholder, never a protection.
const DEVELOPMENT_PASSPHRASE = 'feedloom development key: not a secret';
const SCRYPT_SALT = 'feedloom/secret-box/v1';
const SEALED = /^fl1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$/;

/** Turns a configured key string into the 32 key bytes; throws a message naming the problem. */
export function deriveKey(raw: string): Buffer {
  const value = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  if (value.length < MIN_PASSPHRASE_CHARS) {
    throw new Error(
      `a secret key must be 32 bytes as base64 (openssl rand -base64 32), 64 hex characters, or a passphrase of at least ${MIN_PASSPHRASE_CHARS} characters`,
    );
  }
  return scryptSync(value, SCRYPT_SALT, KEY_BYTES);
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

interface Keyring {
  current: { id: string; key: Buffer } | null;
  all: Map<string, Buffer>;
}

function keyring(config: SecretKeyConfig): Keyring {
  const all = new Map<string, Buffer>();
  const add = (key: Buffer): { id: string; key: Buffer } => {
    const entry = { id: keyId(key), key };
    all.set(entry.id, key);
    return entry;
  };
  let current: { id: string; key: Buffer } | null = null;
  if (config.secretKey !== null) current = add(deriveKey(config.secretKey));
  for (const previous of config.secretKeysPrevious) add(deriveKey(previous));
  // Values sealed while developing without a key stay readable after a key is set, outside production.
  if (!config.production) {
    const development = add(deriveKey(DEVELOPMENT_PASSPHRASE));
    current ??= development;
  }
  return { current, all };
}

export function createSecretBox(config: SecretKeyConfig): SecretBox {
  const ring = keyring(config);
  const mode = config.secretKey !== null ? 'configured' : config.production ? 'refusing' : 'development';

  return {
    mode,

    seal(plaintext: string): string {
      if (ring.current === null) {
        throw new FeedloomError(
          'SECRET_KEY_REQUIRED',
          'this server runs in production (NODE_ENV=production) without SECRET_KEY, so it refuses to store credentials; set SECRET_KEY (openssl rand -base64 32) and restart',
        );
      }
      const header = `${VERSION}:${ring.current.id}`;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
      cipher.setAAD(Buffer.from(header, 'ascii'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${header}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
    },

    open(sealed: string): string {
      const match = SEALED.exec(sealed);
      if (!match) throw new FeedloomError('SECRET_UNREADABLE', 'stored credential is not in the sealed format');
      const [, id = '', payload = ''] = match;
      const key = ring.all.get(id);
      if (!key) {
        throw new FeedloomError(
          'SECRET_UNREADABLE',
          `stored credential was sealed with key ${id}, which is neither SECRET_KEY nor in SECRET_KEY_PREVIOUS`,
        );
      }
      const bytes = Buffer.from(payload, 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) {
        throw new FeedloomError('SECRET_UNREADABLE', 'stored credential is truncated');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(`${VERSION}:${id}`, 'ascii'));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (err) {
        throw new FeedloomError('SECRET_UNREADABLE', `stored credential failed authentication (altered, or another key with the same id)`, {
          cause: err,
        });
      }
    },

    isSealed(value: string): boolean {
      return SEALED.test(value);
    },
  };
}

// Deriving a passphrase key costs tens of milliseconds (scrypt): one box per distinct configuration.
const boxes = new Map<string, SecretBox>();

/** The process's box for a configuration (memoized): what routes and workers call. */
export function secretBoxFor(config: SecretKeyConfig): SecretBox {
  const cacheKey = JSON.stringify([config.secretKey, config.secretKeysPrevious, config.production]);
  let box = boxes.get(cacheKey);
  if (!box) {
    box = createSecretBox(config);
    boxes.set(cacheKey, box);
  }
  return box;
}

/** The start-up line about credential storage: a warning unless a key is configured. */
export function describeSecretBox(box: SecretBox): { level: 'info' | 'warn'; message: string } {
  if (box.mode === 'configured') return { level: 'info', message: 'credentials are encrypted at rest with SECRET_KEY' };
  if (box.mode === 'refusing') {
    return {
      level: 'warn',
      message: 'SECRET_KEY is not set and NODE_ENV=production: requests that store credentials (destinations, secrets, basic auth) will be refused with 400 SECRET_KEY_REQUIRED',
    };
  }
  return {
    level: 'warn',
    message: 'SECRET_KEY is not set: credentials are encrypted with the built-in DEVELOPMENT key, which protects nothing; set SECRET_KEY (openssl rand -base64 32) before storing real credentials',
  };
}
