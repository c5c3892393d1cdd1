/**
 * Small helpers shared by the DynamoDB repositories: conditional-failure detection, cursors, item cleaning.
 */
import { KEY_ATTRIBUTES } from './keys.ts';

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the storage attributes (keys, entity, revisions) from an item, leaving the domain fields. */
export function stripStorage(item: Record<string, unknown>, extra: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const k of [...KEY_ATTRIBUTES, 'entity', 'rev', ...extra]) delete out[k];
  return out;
}

export function clampLimit(limit: number | undefined, fallback = 100, max = 1000): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}
