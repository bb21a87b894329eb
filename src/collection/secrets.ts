/** Random secrets handed to people, and the hashes that are all the database keeps of them. */
import { createCipheriv, createDecipheriv, hash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

/**
 * Random bytes from the system CSPRNG, drawn a pool at a time (one system call per 8 KiB, as
 * `crypto.randomUUID` does) instead of one call per secret; each byte is handed out once and
 * wiped from the pool.
 */
const pool = Buffer.alloc(8192);
let drawn = pool.length;

function freshBytes(n: number): Buffer {
  if (n > pool.length) return randomBytes(n);
  if (drawn + n > pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  const out = Buffer.from(pool.subarray(drawn, drawn + n));
  pool.fill(0, drawn, drawn + n);
  drawn += n;
  return out;
}

/** A URL-safe random secret with `bytes` bytes of entropy (default 32). */
export function newSecret(prefix = '', bytes = 32): string {
  return `${prefix}${freshBytes(bytes).toString('base64url')}`;
}

/** SHA-256 of a secret, hex: what is stored and looked up. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = hash('sha256', secret, 'buffer');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `text` sealed with AES-256-GCM under `key` (32 bytes), bound to `aad`: base64url of iv, ciphertext and tag. */
export function seal(key: Buffer, aad: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  return Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64url');
}

/** What `seal` sealed, when `key` and `aad` are the ones it was sealed with; undefined otherwise. */
export function unseal(key: Buffer, aad: string, sealed: string): string | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < 12 + 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12))
      .setAAD(Buffer.from(aad))
      .setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
