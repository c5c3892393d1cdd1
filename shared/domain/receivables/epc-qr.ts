/**
 * The EPC QR code payload (EPC069-12 "Quick Response Code: Guidelines to Enable Data Capture for the
 * Initiation of a SEPA Credit Transfer", version 002): what a banking app reads to pre-fill a transfer.
 *
 * Twelve fields, one per line, in this order:
 *  1 service tag `BCD` · 2 version `002` · 3 character set `1` (UTF-8) · 4 identification `SCT` ·
 *  5 BIC of the beneficiary's bank (optional in version 002 inside the EEA) · 6 beneficiary name (≤ 70) ·
 *  7 IBAN · 8 amount `EUR` + decimal with a point, 0.01 to 999999999.99 (empty: the payer types it) ·
 *  9 purpose code (4 characters, optional) · 10 structured remittance: an ISO 11649 RF reference (≤ 35) ·
 *  11 unstructured remittance text (≤ 140; only one of 10 and 11) · 12 beneficiary-to-originator note (≤ 70).
 * Trailing empty fields may be left out; the whole payload is at most 331 bytes.
 */
import { InvalidValueError } from '../errors.ts';
import { type Money, toDecimalString } from '../money.ts';

export interface EpcTransfer {
  bic?: string;
  name: string;
  iban: string;
  /** In EUR (the SCT scheme's only currency); absent or zero: the payer types the amount. */
  amount?: Money;
  /** ISO 11649 creditor reference (RF…): field 10. */
  reference?: string;
  /** Free text when there is no structured reference: field 11. */
  text?: string;
  purpose?: string;
  note?: string;
}

export const EPC_MAX_BYTES = 331;

const compact = (s: string) => s.replace(/\s+/g, '').toUpperCase();
/** Line breaks inside a field would shift every following field. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

export function epcPayload(t: EpcTransfer): string {
  const iban = compact(t.iban);
  const bic = t.bic ? compact(t.bic) : '';
  const name = oneLine(t.name);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) throw new InvalidValueError('iban', 'is not an IBAN');
  if (bic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) throw new InvalidValueError('bic', 'is not a BIC');
  if (!name || name.length > 70) throw new InvalidValueError('name', 'must be 1 to 70 characters');
  let amount = '';
  if (t.amount && t.amount.amount !== 0) {
    if (t.amount.currency !== 'EUR') throw new InvalidValueError('amount', 'SEPA credit transfers are in EUR');
    if (t.amount.amount < 1 || t.amount.amount > 99_999_999_999) {
      throw new InvalidValueError('amount', 'must be between 0.01 and 999999999.99');
    }
    amount = `EUR${toDecimalString(t.amount)}`;
  }
  const reference = t.reference ? compact(t.reference) : '';
  if (reference.length > 35) throw new InvalidValueError('reference', 'is at most 35 characters');
  const text = reference ? '' : oneLine(t.text ?? '');
  if (text.length > 140) throw new InvalidValueError('text', 'is at most 140 characters');
  const purpose = t.purpose ? compact(t.purpose) : '';
  if (purpose && !/^[A-Z0-9]{4}$/.test(purpose)) throw new InvalidValueError('purpose', 'is a 4-character code');
  const note = oneLine(t.note ?? '');
  if (note.length > 70) throw new InvalidValueError('note', 'is at most 70 characters');

  const fields = ['BCD', '002', '1', 'SCT', bic, name, iban, amount, purpose, reference, text, note];
  while (fields.length > 7 && fields[fields.length - 1] === '') fields.pop();
  const payload = fields.join('\n');
  if (new TextEncoder().encode(payload).length > EPC_MAX_BYTES) {
    throw new InvalidValueError('epc', `the payload exceeds ${EPC_MAX_BYTES} bytes`);
  }
  return payload;
}
