/**
 * Qonto's signed webhooks and its polling feed, as the bank ports.
 * `X-Qonto-Signature: t={unix seconds},v1={hex HMAC-SHA256}` over `"{t}.{raw body}"` keyed with the subscription
 * secret: compared in constant time, and a timestamp more than five minutes away from now is refused (a replay).
 */
import { createHmac } from 'node:crypto';
import type { BankLine } from '#shared/domain/bank/bank-transaction.ts';
import type { BankFeed, BankWebhookReceiver } from '#shared/ports/bank.ts';
import { MalformedWebhookError } from '#shared/ports/webhook-events.ts';
import { safeEqualBytes } from '../http/safe-equal.ts';
import type { QontoClient } from './client.ts';
import { qontoLine } from './mapping.ts';
import { QontoTransaction, QontoWebhookPayload } from './schemas.ts';

export const SIGNATURE_HEADER = 'x-qonto-signature';
/** How far a signature's timestamp may be from now. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** The header's parts: its timestamp and every `v1` signature (several during a secret rotation). */
export function parseSignatureHeader(header: string): { t: string; v1: string[] } | undefined {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') t = value;
    else if (key === 'v1') v1.push(value);
  }
  return t && /^\d{1,12}$/.test(t) && v1.length ? { t, v1 } : undefined;
}

export function signQontoPayload(secret: string, t: string, raw: Uint8Array | string): string {
  return createHmac('sha256', secret)
    .update(`${t}.`)
    .update(typeof raw === 'string' ? raw : Buffer.from(raw))
    .digest('hex');
}

export function verifyQontoSignature(
  header: string | undefined,
  raw: Uint8Array,
  secret: string,
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const parsed = header ? parseSignatureHeader(header) : undefined;
  if (!parsed) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(parsed.t)) > toleranceSeconds) return false;
  const expected = Buffer.from(signQontoPayload(secret, parsed.t, raw), 'hex');
  return parsed.v1.some((sig) => /^[0-9a-f]{64}$/i.test(sig) && safeEqualBytes(Buffer.from(sig, 'hex'), expected));
}

/** The first schema issue as `path message`, so a refused delivery names the field at fault. */
function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix?: string): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return `${path || '(root)'} ${issue.message}`;
}

export class QontoWebhookReceiver implements BankWebhookReceiver {
  readonly name = 'qonto';
  constructor(
    private readonly secret: string,
    /** With an API key the full transaction is fetched (the payload may lag or omit the counterparty). */
    private readonly client?: QontoClient,
  ) {}

  authenticate(request: { header(name: string): string | undefined; body: Uint8Array }, now: Date): boolean {
    return verifyQontoSignature(request.header(SIGNATURE_HEADER), request.body, this.secret, now);
  }

  async lines(body: Uint8Array): Promise<BankLine[]> {
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new MalformedWebhookError('the body is not JSON');
    }
    const payload = QontoWebhookPayload.safeParse(raw);
    if (!payload.success) {
      throw new MalformedWebhookError(`not a Qonto transactions webhook: ${firstIssue(payload.error.issues)}`);
    }
    if (this.client) return [qontoLine(await this.client.transaction(payload.data.data.id))];
    const tx = QontoTransaction.safeParse(payload.data.data);
    if (!tx.success) {
      throw new MalformedWebhookError(
        `the webhook data is not a Qonto transaction: ${firstIssue(tx.error.issues, 'data')}`,
      );
    }
    return [qontoLine(tx.data)];
  }
}

/** Polling: completed credits updated since the cursor; the next cursor is the latest update seen. */
export class QontoFeed implements BankFeed {
  readonly name = 'qonto';
  constructor(private readonly client: QontoClient) {}

  async updatedSince(since: string): Promise<{ lines: BankLine[]; cursor: string }> {
    const transactions = await this.client.creditsUpdatedSince(since);
    let cursor = since;
    for (const tx of transactions) {
      if (tx.updated_at && Date.parse(tx.updated_at) > Date.parse(cursor)) cursor = tx.updated_at;
    }
    return { lines: transactions.map(qontoLine), cursor };
  }
}
