import { describe, expect, it } from 'vitest';
import { findEmail } from '#shared/domain/documents/identifiers.ts';
import {
  findFrenchVat,
  findIban,
  findRfReference,
  findSiren,
  findSiret,
  isValidFrenchVat,
  isValidSiren,
  isValidSiret,
} from '#shared/domain/documents/normalize.ts';

describe('SIREN and SIRET', () => {
  it('checks the Luhn key', () => {
    // Act / Assess
    expect(isValidSiren('443061841')).toBe(true);
    expect(isValidSiren('443061842')).toBe(false);
    expect(isValidSiren('44306184')).toBe(false);
    expect(isValidSiret('44306184100047')).toBe(true);
    expect(isValidSiret('44306184100048')).toBe(false);
  });

  it("applies INSEE's digit-sum rule to La Poste's establishments", () => {
    // Act / Assess
    expect(isValidSiret('35600000000001')).toBe(true);
    expect(isValidSiret('35600000000002')).toBe(false);
  });

  it('finds a labelled SIRET, grouped or not', () => {
    // Act / Assess
    expect(findSiret('SIRET : 443 061 841 00047 – APE 6201Z')).toBe('44306184100047');
    expect(findSiret('Siret n° 44306184100047')).toBe('44306184100047');
  });

  it('finds an unlabelled SIRET only in its printed grouping, and only when its key is right', () => {
    // Act / Assess
    expect(findSiret('Acme — 443 061 841 00047')).toBe('44306184100047');
    expect(findSiret('Commande 44306184100047')).toBeUndefined();
    expect(findSiret('SIRET 443 061 841 00048')).toBeUndefined();
  });

  it('finds the SIREN after SIREN or RCS, inside a SIRET, or inside a French VAT number', () => {
    // Act / Assess
    expect(findSiren('RCS Paris B 443 061 841')).toBe('443061841');
    expect(findSiren('SIREN : 443061841')).toBe('443061841');
    expect(findSiren('SIRET 443 061 841 00047')).toBe('443061841');
    expect(findSiren('TVA intracom. FR64443061841')).toBe('443061841');
  });

  it('does not take phone numbers or unlabelled digit runs for a SIREN', () => {
    // Act / Assess
    expect(findSiren('Tél. 01 23 45 67 89')).toBeUndefined();
    expect(findSiren('Commande 443061841')).toBeUndefined();
  });
});

describe('French VAT numbers', () => {
  it('checks the key against the SIREN', () => {
    // Act / Assess
    expect(isValidFrenchVat('FR64443061841')).toBe(true);
    expect(isValidFrenchVat('FR65443061841')).toBe(false);
    expect(isValidFrenchVat('FR64443061842')).toBe(false);
  });

  it('finds one written with spaces and compacts it', () => {
    // Act / Assess
    expect(findFrenchVat('N° TVA : FR 64 443 061 841')).toBe('FR64443061841');
    expect(findFrenchVat('N° TVA : FR 65 443 061 841')).toBeUndefined();
  });

  it('does not read an IBAN as a VAT number', () => {
    // Act / Assess
    expect(findFrenchVat('FR76 3000 6000 0112 3456 7890 189')).toBeUndefined();
  });
});

describe('findIban', () => {
  it('finds a grouped IBAN followed by other text', () => {
    // Act / Assess
    expect(findIban('IBAN : FR76 3000 6000 0112 3456 7890 189 BIC BNPAFRPP')).toBe('FR7630006000011234567890189');
    expect(findIban('iban gb82 west 1234 5698 7654 32')).toBe('GB82WEST12345698765432');
  });

  it('finds an IBAN after a false start that looks like one', () => {
    // Act / Assess
    expect(findIban('RF18 5390 0754 7034 DE89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
  });

  it('refuses an IBAN whose check digits are wrong', () => {
    // Act / Assess
    expect(findIban('FR76 3000 6000 0112 3456 7890 188')).toBeUndefined();
  });
});

describe('findRfReference', () => {
  it('finds a valid ISO 11649 reference, grouped or compact, and stops at its last group', () => {
    // Act / Assess
    expect(findRfReference('Référence : RF18 5390 0754 7034 merci')).toBe('RF18539007547034');
    expect(findRfReference('rf18539007547034')).toBe('RF18539007547034');
  });

  it('refuses a reference whose check digits are wrong', () => {
    // Act / Assess
    expect(findRfReference('RF19 5390 0754 7034')).toBeUndefined();
  });
});

describe('findEmail', () => {
  it('finds the address and lower-cases it', () => {
    // Act / Assess
    expect(findEmail('Contact : Compta@Acme.FR')).toBe('compta@acme.fr');
    expect(findEmail('no address here')).toBeUndefined();
  });
});
