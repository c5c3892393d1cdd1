/**
 * Deterministic identifiers. An entity that comes from outside (an invoice from Sellsy, a timeline entry caused
 * by one delivery) gets an id derived from its natural key, so a redelivery lands on the same record instead of
 * creating a twin: idempotency by construction.
 */
import { createHash } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case: no i, l, o, u

/** A short, URL-safe digest of the parts (100 bits of SHA-256 by default). */
export function digest(parts: readonly string[], length = 20): string {
  const hash = createHash('sha256').update(parts.join('\u001f')).digest();
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of hash) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

export const invoiceId = (source: string, externalId: string): string => `inv_${digest([source, externalId])}`;
export const customerId = (source: string, externalId: string): string => `cus_${digest([source, externalId])}`;
export const creditNoteId = (source: string, externalId: string): string => `crn_${digest([source, externalId])}`;
export const paymentId = (source: string, externalId: string): string => `pay_${digest([source, externalId])}`;
export const timelineEventId = (...parts: string[]): string => `evt_${digest(parts)}`;
