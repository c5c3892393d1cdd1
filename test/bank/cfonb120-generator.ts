/**
 * Builds CFONB 120 records field by field at the positions of the CFONB "relevé de compte 120 caractères"
 * specification (see shared/bank/cfonb120.ts for the layout), so tests can write realistic statements.
 */

export interface AccountFields {
  bank: string; // 5 digits
  branch: string; // 5 digits (code guichet)
  account: string; // 11 characters
  currency?: string;
  decimals?: number;
}

/** Signed overpunch: the last digit carries the sign, `{`/`A`–`I` positive, `}`/`J`–`R` negative. */
export function overpunch(minor: number): string {
  const digits = String(Math.abs(minor)).padStart(14, '0');
  const last = Number(digits.at(-1));
  const letter = (minor < 0 ? '}JKLMNOPQR' : '{ABCDEFGHI')[last];
  return `${digits.slice(0, 13)}${letter}`;
}

function place(fields: [number, string][]): string {
  const chars = Array.from({ length: 120 }, () => ' ');
  for (const [position, text] of fields) {
    for (let i = 0; i < text.length; i++) chars[position - 1 + i] = text[i] as string;
  }
  return chars.join('');
}

function common(code: string, a: AccountFields, operation = '    '): [number, string][] {
  return [
    [1, code],
    [3, a.bank],
    [8, operation],
    [12, a.branch],
    [17, a.currency ?? 'EUR'],
    [20, String(a.decimals ?? 2)],
    [22, a.account],
  ];
}

export function balanceRecord(code: '01' | '07', a: AccountFields, date: string, minor: number): string {
  return place([...common(code, a), [35, date], [91, overpunch(minor)]]);
}

export function movementRecord(
  a: AccountFields,
  m: {
    interbank: string;
    booked: string;
    value: string;
    label: string;
    entry: string;
    minor: number;
    reference?: string;
    reject?: string;
  },
): string {
  return place([
    ...common('04', a, '0001'),
    [33, m.interbank],
    [35, m.booked],
    [41, m.reject ?? '  '],
    [43, m.value],
    [49, m.label.slice(0, 31)],
    [82, m.entry],
    [91, overpunch(m.minor)],
    [105, (m.reference ?? '').slice(0, 16)],
  ]);
}

export function complementRecord(a: AccountFields, booked: string, qualifier: string, info: string): string {
  return place([...common('05', a, '0001'), [35, booked], [46, qualifier], [49, info.slice(0, 70)]]);
}

/** The account of the sample statement. */
export const ACCOUNT: AccountFields = { bank: '30004', branch: '00819', account: '00012345678' };

/** A statement of three movements with their complement records: a credit transfer, a direct debit, a card. */
export function sampleStatement(): string[] {
  return [
    balanceRecord('01', ACCOUNT, '010326', 1523456),
    movementRecord(ACCOUNT, {
      interbank: '05',
      booked: '020326',
      value: '020326',
      label: 'VIR SEPA RECU /DE ACME SAS',
      entry: '0000123',
      minor: 120000,
    }),
    complementRecord(ACCOUNT, '020326', 'NPY', 'ACME SAS'),
    complementRecord(ACCOUNT, '020326', 'IPY', 'FR76 1010 7001 0112 3456 7890 129'),
    complementRecord(ACCOUNT, '020326', 'NBE', 'MA SOCIETE SARL'),
    complementRecord(ACCOUNT, '020326', 'LIB', 'FACTURE F-2026-077 ET F-2026-081'),
    complementRecord(ACCOUNT, '020326', 'RCN', 'E2E-2026-0042'),
    movementRecord(ACCOUNT, {
      interbank: '01',
      booked: '030326',
      value: '020326',
      label: 'PRLV SEPA EDF',
      entry: '0000124',
      minor: -4590,
      reference: 'PRLV0326',
    }),
    complementRecord(ACCOUNT, '030326', 'NBE', 'EDF'),
    complementRecord(ACCOUNT, '030326', 'RUM', 'EDF-MANDAT-778899'),
    complementRecord(ACCOUNT, '030326', 'ICS', 'FR12ZZZ123456'),
    movementRecord(ACCOUNT, {
      interbank: '13',
      booked: '030326',
      value: '030326',
      label: 'CB CARREFOUR 02/03',
      entry: '0000125',
      minor: -2500,
    }),
    movementRecord(ACCOUNT, {
      interbank: '13',
      booked: '030326',
      value: '030326',
      label: 'CB CARREFOUR 02/03',
      entry: '0000126',
      minor: -2500,
    }),
    balanceRecord('07', ACCOUNT, '030326', 1523456 + 120000 - 4590 - 2500 - 2500),
  ];
}
