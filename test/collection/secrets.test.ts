/** Secrets handed to respondents and researchers (src/collection/secrets.ts). */
import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret, secretMatches } from '../../src/collection/secrets.ts';

describe('secrets', () => {
  it('are URL-safe, carry 32 random bytes, and never repeat across many refills of the random pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const s = newSecret('s_');
      expect(s).toMatch(/^s_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(s.slice(2), 'base64url')).toHaveLength(32);
      seen.add(s);
    }
    expect(seen.size).toBe(5000);
    expect(newSecret('', 10_000)).toHaveLength(Math.ceil((10_000 * 4) / 3));
  });

  it('are kept only as SHA-256 hashes and compared in constant time', () => {
    const s = newSecret();
    // sha256("abc"), from FIPS 180-2 appendix B.1
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(secretMatches(s, hashSecret(s))).toBe(true);
    expect(secretMatches(`${s}x`, hashSecret(s))).toBe(false);
    expect(secretMatches(s, 'not-a-hash')).toBe(false);
  });
});
