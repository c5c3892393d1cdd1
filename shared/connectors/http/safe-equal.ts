/** Constant-time comparisons for webhook authentication. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Equal strings, compared in constant time whatever their lengths (both are hashed first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Equal byte strings (e.g. an HMAC and the signature sent), compared in constant time. */
export function safeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return timingSafeEqual(a, b);
}
