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
