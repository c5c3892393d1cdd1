/**
 * French company identifiers: SIREN (9 digits), SIRET (SIREN + 5-digit establishment number) and the
 * intra-community VAT number. Checks follow INSEE's Luhn rule and the DGFiP VAT key formula.
 */

function luhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    total += n;
  }
  return total % 10 === 0;
}

export function compactIdentifier(value: string): string {
  return value.replace(/[\s.\-\u00a0\u202f]/g, '').toUpperCase();
}

export function isValidSiren(value: string): boolean {
  const v = compactIdentifier(value);
  return /^\d{9}$/.test(v) && luhnValid(v);
}

/** La Poste's establishments (SIREN 356000000) use a sum-of-digits-mod-5 rule instead of Luhn (INSEE). */
export function isValidSiret(value: string): boolean {
  const v = compactIdentifier(value);
  if (!/^\d{14}$/.test(v)) return false;
  if (v.startsWith('356000000') && v !== '35600000000048') {
    const sumDigits = [...v].reduce((acc, d) => acc + Number(d), 0);
    return sumDigits % 5 === 0;
  }
  return luhnValid(v);
}

/** The French VAT key: (12 + 3 × (SIREN mod 97)) mod 97, two digits. */
export function frenchVatKey(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return key.toString().padStart(2, '0');
}

export function frenchVatFromSiren(siren: string): string {
  return `FR${frenchVatKey(siren)}${siren}`;
}

/**
 * A VAT number is accepted when it is a well-formed French number with the right key, or has the general
 * EU shape (country prefix + 2 to 13 alphanumerics) for other member states.
 */
export function isValidVatNumber(value: string): boolean {
  const v = compactIdentifier(value);
  if (v.startsWith('FR')) {
    const match = /^FR([0-9A-Z]{2})(\d{9})$/.exec(v);
    if (!match) return false;
    const [, key, siren] = match as unknown as [string, string, string];
    // Numeric keys are checked; alphanumeric keys (used for some entities without SIREN key rule) are accepted.
    return /^\d{2}$/.test(key) ? key === frenchVatKey(siren) : true;
  }
  return /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|CH|GB)[0-9A-Z]{2,13}$/.test(
    v,
  );
}

/** The SIREN inside a French VAT number, if any. */
export function sirenFromVat(vat: string): string | undefined {
  const match = /^FR[0-9A-Z]{2}(\d{9})$/.exec(compactIdentifier(vat));
  return match?.[1];
}
