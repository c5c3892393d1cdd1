/**
 * The demo dataset: 30 French customers and 200 invoices in every state, dated around "today", so the
 * dashboard means something at once. Deterministic (seeded), recorded through the same use cases as real
 * data, and idempotent: running it twice adds nothing.
 */
import { addDays, type IsoDate } from '#shared/domain/calendar-date.ts';
import { frenchVatFromSiren } from '#shared/domain/french-identifiers.ts';
import type { InvoiceState } from '#shared/domain/invoice-lifecycle.ts';
import { makeChangeInvoiceState } from '#shared/use-cases/change-invoice-state.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import type { UseCaseDeps } from '#shared/use-cases/stores.ts';

const COMPANIES: [name: string, domain: string, contact: string, segment: string][] = [
  ['Boulangerie Martin SARL', 'boulangerie-martin.fr', 'Claire Martin', 'tpe'],
  ['Transports Lefebvre SAS', 'transports-lefebvre.fr', 'Julien Lefebvre', 'pme'],
  ['Atelier Dubois & Fils', 'atelier-dubois.fr', 'Marc Dubois', 'tpe'],
  ['Cabinet Moreau Architectes', 'moreau-archi.fr', 'Sophie Moreau', 'pme'],
  ['Garage Laurent SARL', 'garage-laurent.fr', 'Pierre Laurent', 'tpe'],
  ['Imprimerie Simon SA', 'imprimerie-simon.fr', 'Nathalie Simon', 'pme'],
  ['Michel Paysages EURL', 'michel-paysages.fr', 'Thomas Michel', 'tpe'],
  ['Pharmacie Garnier', 'pharmacie-garnier.fr', 'Isabelle Garnier', 'tpe'],
  ['Hôtel Bertrand SAS', 'hotel-bertrand.fr', 'Laurence Bertrand', 'pme'],
  ['Roux Informatique SAS', 'roux-informatique.fr', 'Nicolas Roux', 'pme'],
  ['Fontaine Électricité SARL', 'fontaine-elec.fr', 'Émilie Fontaine', 'tpe'],
  ['Chevalier Conseil', 'chevalier-conseil.fr', 'Antoine Chevalier', 'tpe'],
  ['Boutique Mercier', 'boutique-mercier.fr', 'Camille Mercier', 'tpe'],
  ['Blanc Menuiserie SARL', 'blanc-menuiserie.fr', 'Hugo Blanc', 'tpe'],
  ['Groupe Guerin Distribution SA', 'guerin-distribution.fr', 'Valérie Guérin', 'eti'],
  ['Muller Industrie SAS', 'muller-industrie.fr', 'Stéphane Muller', 'eti'],
  ['Henry Traiteur', 'henry-traiteur.fr', 'Aurélie Henry', 'tpe'],
  ['Rousseau Plomberie SARL', 'rousseau-plomberie.fr', 'David Rousseau', 'tpe'],
  ['Clinique Vétérinaire Nicolas', 'veto-nicolas.fr', 'Julie Nicolas', 'tpe'],
  ['Perrin Logistique SAS', 'perrin-logistique.fr', 'François Perrin', 'pme'],
  ['Morin BTP SA', 'morin-btp.fr', 'Olivier Morin', 'pme'],
  ['Agence Mathieu Communication', 'mathieu-com.fr', 'Sandrine Mathieu', 'tpe'],
  ['Clément Textiles SAS', 'clement-textiles.fr', 'Philippe Clément', 'pme'],
  ['Gauthier Optique', 'gauthier-optique.fr', 'Céline Gauthier', 'tpe'],
  ['Dumont Agroalimentaire SA', 'dumont-agro.fr', 'Bernard Dumont', 'eti'],
  ['Lopez Carrelage EURL', 'lopez-carrelage.fr', 'Carlos Lopez', 'tpe'],
  ['Fournier Expertise Comptable', 'fournier-expertise.fr', 'Anne Fournier', 'pme'],
  ['Girard Sécurité SAS', 'girard-securite.fr', 'Patrick Girard', 'pme'],
  ['Bonnet Fleurs', 'bonnet-fleurs.fr', 'Marie Bonnet', 'tpe'],
  ['Lambert Mécanique SARL', 'lambert-meca.fr', 'Éric Lambert', 'tpe'],
];

/** Mulberry32: a tiny seeded PRNG so the demo is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function luhnDigit(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const digits = body + d;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let n = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return String(d);
  }
  return '0';
}

export interface DemoSummary {
  customers: number;
  invoices: number;
  byState: Partial<Record<InvoiceState, number>>;
}

/** Records the demo dataset dated around `today` (the anchor: the same anchor gives the same data). */
export async function seedDemo(deps: UseCaseDeps, today: IsoDate): Promise<DemoSummary> {
  const random = prng(20261123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // Re-planning after each of 200 invoices would dispatch each customer dozens of times: record quietly,
  // then re-plan every customer once at the end.
  const { onCustomerChanged, ...quiet } = deps;
  const record = makeRecordInvoice(quiet);
  const decide = makeChangeInvoiceState(quiet);
  const touched = new Set<string>();
  const actor = { kind: 'integration', id: 'demo' } as const;
  const byState: Partial<Record<InvoiceState, number>> = {};
  const sides: InvoiceState[] = ['disputed', 'promised', 'in_payment_plan', 'in_collection', 'written_off'];
  const reasons: Record<string, string> = {
    disputed: 'Quantité livrée contestée',
    promised: 'Paiement promis par téléphone',
    in_payment_plan: 'Échéancier en 3 fois accordé',
    in_collection: 'Confié au cabinet de recouvrement',
    written_off: 'Client en liquidation judiciaire',
  };

  const customers = COMPANIES.map(([name, domain, contact, segment], i) => {
    const sirenBody = String(10_000_000 + Math.floor(random() * 89_999_999));
    const siren = sirenBody + luhnDigit(sirenBody);
    return {
      externalId: `CLI-${String(i + 1).padStart(3, '0')}`,
      name,
      email: `comptabilite@${domain}`,
      contactName: contact,
      vatNumber: frenchVatFromSiren(siren),
      segment,
      language: (i % 9 === 8 ? 'en' : 'fr') as 'fr' | 'en',
    };
  });

  for (let n = 1; n <= 200; n++) {
    const customer = pick(customers);
    const issueDate = addDays(today, -Math.floor(random() * 160) + 10);
    const term = pick([30, 30, 45, 60]);
    const dueDate = addDays(issueDate, term);
    const total = Math.round(((300 + random() * 24_700) * 100) / 5) * 5;
    const roll = random();
    const past = dueDate < today;
    // Older invoices are mostly paid; recent ones mostly open — as on a real ledger.
    let amountPaid = 0;
    if (roll < (past ? 0.45 : 0.15)) amountPaid = total;
    else if (roll < (past ? 0.55 : 0.22)) amountPaid = Math.round(total * pick([0.3, 0.5]));
    const voided = roll > 0.985;
    const { invoice } = await record(
      {
        source: 'demo',
        externalId: `DEMO-${n}`,
        number: `F-${issueDate.slice(0, 4)}-${String(n).padStart(4, '0')}`,
        customer,
        issueDate,
        dueDate,
        currency: 'EUR',
        total,
        amountPaid,
        voided,
      },
      actor,
      'Jeu de données de démonstration',
    );
    touched.add(invoice.customerId);
    let state = invoice.state;
    if (past && (state === 'open' || state === 'partially_paid') && random() < 0.3) {
      const side = sides[n % sides.length] as InvoiceState;
      const promise = side === 'promised' ? { date: addDays(today, 7 + (n % 10)) } : undefined;
      state = (await decide(invoice.id, side, { actor, reason: reasons[side], requestId: `demo-${n}`, promise }))
        .invoice.state;
    }
    byState[state] = (byState[state] ?? 0) + 1;
  }
  for (const customerId of touched) await onCustomerChanged?.(customerId);
  return { customers: customers.length, invoices: 200, byState };
}
