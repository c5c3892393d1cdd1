/**
 * Credits that pay no invoice: supplier refunds, bank interest, transfers between the creditor's own
 * accounts, loan drawdowns, tax refunds, card settlements, insurance payouts, subsidies, and deposits from
 * customers on orders not yet invoiced. Their amounts and texts overlap with real payments on purpose:
 * round amounts, numbers that look like invoice numbers, supplier names close to customer names.
 */
import type { OpenInvoiceRef } from '#shared/domain/matching/matching-types.ts';
import { money } from '#shared/domain/money.ts';
import { bankUpper } from './bank-text.ts';
import { BANKS, FAMILY_NAMES, LEGAL_FORMS, PLACES, SUPPLIER_TRADES } from './french-names.ts';
import type { Prng } from './prng.ts';

interface OtherCustomer {
  id: string;
  bankName: string;
  ibans: string[];
  known: boolean;
}

interface OtherCredit {
  credit: {
    id: string;
    amount: ReturnType<typeof money>;
    bookingDate: string;
    counterpartyName?: string;
    counterpartyIban?: string;
    remittance: string[];
  };
  truth: { kind: 'other' };
  scenario: string;
}

function amountLike(rng: Prng, invoices: readonly OpenInvoiceRef[], median: number): number {
  // A fifth of them happen to equal some open balance: round prices and subscriptions recur everywhere.
  if (rng.chance(0.2)) return rng.pick(invoices).balance.amount;
  const raw = Math.round(median * Math.exp(rng.normal() * 0.9));
  return rng.chance(0.4) ? Math.max(1000, Math.round(raw / 1000) * 1000) : Math.max(100, raw);
}

/** One labelled credit that pays no invoice (id and booking date are set by the caller). */
export function otherCredit(
  rng: Prng,
  customers: readonly OtherCustomer[],
  invoices: readonly OpenInvoiceRef[],
  creditor: { name: string; iban: string },
  newIban: () => string,
): OtherCredit {
  const bank = rng.pick(BANKS);
  const kind = rng.weighted({
    supplierRefund: 30,
    interest: 7,
    ownTransfer: 14,
    loan: 4,
    taxRefund: 8,
    cardSettlement: 14,
    insurance: 5,
    customerDeposit: 12,
    subsidy: 6,
  });
  const base = { id: '', bookingDate: '' };
  const make = (name: string | undefined, iban: string, lines: string[], amount: number): OtherCredit => ({
    credit: {
      ...base,
      amount: money(amount, 'EUR'),
      ...(name === undefined ? {} : { counterpartyName: name }),
      counterpartyIban: iban,
      remittance: lines,
    },
    truth: { kind: 'other' },
    scenario: `other/${kind}`,
  });
  switch (kind) {
    case 'supplierRefund': {
      // Suppliers are companies like the customers, often with the same family names.
      const form = rng.weighted(LEGAL_FORMS);
      const name = bankUpper(`${rng.pick(FAMILY_NAMES)} ${rng.pick(SUPPLIER_TRADES)} ${form}`);
      const text = rng.pick([
        `REMBOURSEMENT AVOIR AV-2026-${rng.digits(4)}`,
        `AVOIR N° ${rng.digits(6)}`,
        `REMB TROP PERCU FACT 2026-${rng.digits(4)}`,
        `REGULARISATION COMMANDE ${rng.digits(5)}`,
        'REMBOURSEMENT',
      ]);
      return make(name, newIban(), [text], amountLike(rng, invoices, 30000));
    }
    case 'interest':
      return make(
        bank.name,
        `${bank.iban}00001${'0'.repeat(11)}00`,
        [`INTERETS CREDITEURS T1 2026`],
        rng.int(100, 30000),
      );
    case 'ownTransfer':
      return make(
        bankUpper(creditor.name),
        creditor.iban.replace(/\d{6}$/, rng.digits(6)),
        [rng.pick(['VIREMENT INTERNE', 'VIR DE CPTE A CPTE', 'ALIMENTATION COMPTE', 'VIREMENT EPARGNE'])],
        rng.int(1, 50) * 100000,
      );
    case 'loan':
      return make(
        bank.name,
        `${bank.iban}0000${rng.digits(13)}`,
        [`DEBLOCAGE PRET N° ${rng.digits(11)}`],
        rng.int(2, 30) * 500000,
      );
    case 'taxRefund':
      return make(
        rng.pick(['DGFIP', 'DIRECTION GENERALE DES FINANCES PUBLIQUES', 'URSSAF ILE DE FRANCE']),
        newIban(),
        [
          rng.pick([
            `REMBOURSEMENT CREDIT TVA 2026 T1`,
            `REMB CICE ${rng.digits(9)}`,
            `URSSAF REMBOURSEMENT ${rng.digits(8)}`,
          ]),
        ],
        amountLike(rng, invoices, 150000),
      );
    case 'cardSettlement':
      return make(
        `${bank.name} CB`,
        `${bank.iban}00000${rng.digits(12)}`,
        [`REMISE CB ${String(rng.int(1, 28)).padStart(2, '0')}/04 ${rng.digits(7)}`],
        rng.int(2000, 400000),
      );
    case 'insurance':
      return make(
        rng.pick(['AXA FRANCE IARD', 'MMA IARD', 'ALLIANZ IARD', 'GROUPAMA']),
        newIban(),
        [`INDEMNISATION SINISTRE N° 2026-${rng.digits(6)}`],
        amountLike(rng, invoices, 200000),
      );
    case 'customerDeposit': {
      // A known customer pays a deposit on an order: a real payer, but no open invoice for it.
      const customer = rng.pick(customers);
      const iban = customer.known ? rng.pick(customer.ibans) : newIban();
      const text = rng.pick([
        `ACOMPTE COMMANDE BC-${rng.digits(5)}`,
        `ACOMPTE DEVIS D-2026-${rng.digits(4)}`,
        `ACOMPTE 30% COMMANDE DU ${String(rng.int(1, 28)).padStart(2, '0')}/04/2026`,
        'ACOMPTE SUR COMMANDE',
      ]);
      return make(customer.bankName, iban, [text], rng.int(3, 100) * 5000);
    }
    default:
      return make(
        rng.pick(['BPIFRANCE', `REGION ${bankUpper(rng.pick(PLACES))}`, 'FRANCE TRAVAIL']),
        newIban(),
        [rng.pick(['VERSEMENT SUBVENTION', `AIDE A L EMBAUCHE ${rng.digits(8)}`, 'AVANCE REMBOURSABLE'])],
        rng.int(10, 200) * 10000,
      );
  }
}
