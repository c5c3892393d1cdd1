/**
 * Deterministic generator of varied invoice PDFs with known truth, for the local reader's benchmark.
 * Same seed, same invoices: five layouts, French and English, EUR/USD/GBP, seven amount styles and eleven date
 * styles, with a printed due date, with payment terms only, or with neither (legal default), one to three pages.
 */
import PDFDocument from 'pdfkit';
import { addDays, type IsoDate } from '#shared/domain/calendar-date.ts';
import type { DueDateSource } from '#shared/domain/documents/extracted-invoice.ts';
import type { Money } from '#shared/domain/money.ts';
import type { AmountStyle, DateStyle } from './invoice-formats.ts';
import {
  type InvoiceSpec,
  LAYOUTS,
  type Language,
  type LayoutName,
  type LineItem,
  numberPages,
  type Party,
} from './invoice-layouts.ts';

/** What the reader should find in a generated invoice. */
export interface InvoiceTruth {
  readonly id: string;
  readonly layout: LayoutName;
  readonly language: Language;
  readonly number: string;
  readonly issueDate: IsoDate;
  /** The due date the invoice implies: printed, from the printed terms, or issue date + 30 days. */
  readonly dueDate: IsoDate;
  readonly dueDateSource: DueDateSource;
  readonly total: Money;
  readonly currency: string;
  readonly buyerName: string;
  readonly sellerName: string;
  readonly pages: number;
  readonly siret?: string;
  readonly iban?: string;
}

export interface GeneratedInvoice {
  readonly pdf: Buffer;
  readonly truth: InvoiceTruth;
}

/** mulberry32: a tiny seeded PRNG, so the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, values: readonly T[]): T => values[Math.floor(rng() * values.length)] as T;
const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

const FR_SELLERS: readonly Omit<Party, 'siret' | 'vat'>[] = [
  { name: 'Atelier Numérique SAS', address: ['12 rue des Lilas', '69003 Lyon'], email: 'compta@atelier-numerique.fr' },
  { name: 'Dupont & Fils SARL', address: ['4 avenue Jean Jaurès', '33000 Bordeaux'] },
  {
    name: 'Cabinet Lefèvre Conseil',
    address: ['27 boulevard Haussmann', '75009 Paris'],
    email: 'contact@lefevre-conseil.fr',
  },
  { name: 'Studio Lumière EURL', address: ['8 place du Marché', '44000 Nantes'] },
  { name: 'Transports Girard SA', address: ['ZI des Hauts Champs', '59650 Villeneuve-d’Ascq'] },
  { name: 'Marie Dubois', address: ['3 impasse des Tilleuls', '35000 Rennes'], email: 'marie.dubois@example.fr' },
  { name: 'Boulangerie Martin', address: ['1 rue de la République', '13001 Marseille'] },
];
const EN_SELLERS: readonly Omit<Party, 'siret' | 'vat'>[] = [
  {
    name: 'Brightside Consulting Ltd',
    address: ['14 King Street', 'Manchester M2 4LQ'],
    email: 'billing@brightside.co.uk',
  },
  { name: 'Northwind Traders LLC', address: ['500 Market St, Suite 210', 'San Francisco, CA 94105'] },
  { name: 'Blue Harbor Design Inc.', address: ['77 Water Street', 'Boston, MA 02109'], email: 'ar@blueharbor.example' },
  { name: 'Oakridge Software Ltd', address: ['2 Station Road', 'Cambridge CB1 2JW'] },
  { name: 'Sam Carter', address: ['19 Elm Grove', 'Bristol BS6 6AA'], email: 'sam@carter.example' },
];
const FR_BUYERS: readonly Party[] = [
  { name: 'Librairie Papillon SARL', address: ['15 rue Victor Hugo', '37000 Tours'], email: 'factures@papillon.fr' },
  { name: 'Hôtel Le Grand Cerf', address: ['2 quai de la Loire', '49000 Angers'] },
  { name: 'Garage Renard & Associés', address: ['Route de Paris', '21000 Dijon'], email: 'compta@garage-renard.fr' },
  { name: 'Épicerie Fine Lambert', address: ['9 rue Sainte-Catherine', '33000 Bordeaux'] },
  { name: 'Clinique Vétérinaire des Alpes', address: ['120 avenue de Savoie', '73000 Chambéry'] },
  { name: 'ACME France SAS', address: ['Tour Horizon, 52 quai de Dion-Bouton', '92800 Puteaux'] },
  { name: 'Société des Eaux du Morvan', address: ['3 allée des Sources', '58000 Nevers'] },
];
const EN_BUYERS: readonly Party[] = [
  { name: 'Contoso Retail Ltd', address: ['1 Canada Square', 'London E14 5AB'], email: 'ap@contoso.example' },
  { name: 'Fabrikam Inc.', address: ['4000 Lakeside Dr', 'Austin, TX 78701'] },
  {
    name: 'Globex Corporation',
    address: ['12 Industrial Way', 'Springfield, OR 97477'],
    email: 'payables@globex.example',
  },
  { name: 'Initech LLC', address: ['4120 Freeway Blvd', 'Dallas, TX 75201'] },
  { name: 'Wayne Enterprises', address: ['1007 Mountain Drive', 'Gotham, NJ 07001'] },
  { name: 'Harrow & Finch Partners', address: ['88 Queen Street', 'Edinburgh EH2 4NA'] },
];
const FR_ITEMS = [
  'Développement site vitrine',
  'Maintenance mensuelle',
  'Audit SEO complet',
  'Formation Excel (1 jour)',
  'Conception de logo',
  'Hébergement annuel',
  'Frais de déplacement',
  'Licence logiciel — poste supplémentaire',
  'Livraison palette',
  'Traduction technique (par page)',
  'Réunion de cadrage',
  'Pain de campagne (lot de 10)',
];
const EN_ITEMS = [
  'Website redesign',
  'Monthly retainer',
  'SEO audit',
  'Consulting hours',
  'Logo design',
  'Annual hosting',
  'Travel expenses',
  'Software licence — extra seat',
  'Pallet delivery',
  'Technical translation (per page)',
  'Kick-off workshop',
];
const NUMBER_PATTERNS: readonly ((rng: Rng, year: number) => string)[] = [
  (rng, y) => `F-${y}-${String(int(rng, 1, 999)).padStart(4, '0')}`,
  (rng, y) => `FA${y}-${int(rng, 100, 999)}`,
  (rng, y) => `${y}-${String(int(rng, 1, 99)).padStart(2, '0')}`,
  (rng) => `INV-${int(rng, 10000, 99999)}`,
  (rng, y) => `INV/${y}/${String(int(rng, 1, 300)).padStart(3, '0')}`,
  (rng) => `FAC-${String(int(rng, 1, 9999)).padStart(5, '0')}`,
  (rng) => `A${int(rng, 1000, 9999)}`,
  (rng) => String(int(rng, 1000, 99999)),
];

/** Valid IBANs (the standard published examples) and a valid ISO 11649 reference. */
const IBANS = ['FR76 3000 6000 0112 3456 7890 189', 'GB82 WEST 1234 5698 7654 32', 'DE89 3704 0044 0532 0130 00'];
const RF_REFERENCE = 'RF18 5390 0754 7034';

function luhnDigit(body: string): number {
  for (let d = 0; d <= 9; d += 1) {
    const digits = `${body}${d}`;
    let sum = 0;
    for (let i = 0; i < digits.length; i += 1) {
      let n = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return d;
  }
  return 0;
}

function frenchIds(rng: Rng): { siret: string; vat: string } {
  const sirenBody = String(int(rng, 10_000_000, 99_999_999));
  const siren = `${sirenBody}${luhnDigit(sirenBody)}`;
  const nicBody = `${siren}${String(int(rng, 1, 999)).padStart(4, '0')}`;
  const siret = `${nicBody}${luhnDigit(nicBody)}`;
  const key = String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
  return { siret, vat: `FR${key}${siren}` };
}

const spaced = (siret: string) => `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;

function endOfMonth(date: IsoDate): IsoDate {
  const [y = 0, m = 1] = date.split('-').map(Number);
  return addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
}

interface TermsChoice {
  readonly sentence: string;
  readonly cell: string;
  readonly due: (issue: IsoDate) => IsoDate;
}

const FR_TERMS: readonly TermsChoice[] = [
  {
    sentence: 'Conditions de paiement : 30 jours à réception de facture.',
    cell: '30 jours',
    due: (d) => addDays(d, 30),
  },
  { sentence: 'Paiement à 45 jours fin de mois.', cell: '45 j fin de mois', due: (d) => endOfMonth(addDays(d, 45)) },
  { sentence: 'Payable à réception de la facture.', cell: 'À réception', due: (d) => d },
  { sentence: 'Règlement à 60 jours date de facture.', cell: '60 jours', due: (d) => addDays(d, 60) },
];
const EN_TERMS: readonly TermsChoice[] = [
  { sentence: 'Payment terms: Net 30.', cell: 'Net 30', due: (d) => addDays(d, 30) },
  { sentence: 'Terms: Net 15.', cell: 'Net 15', due: (d) => addDays(d, 15) },
  { sentence: 'Payment is due on receipt.', cell: 'Due on receipt', due: (d) => d },
  { sentence: 'Payment due within 45 days of the invoice date.', cell: 'Net 45', due: (d) => addDays(d, 45) },
];

function items(rng: Rng, language: Language): LineItem[] {
  const roll = rng();
  const count = roll < 0.65 ? int(rng, 1, 6) : roll < 0.8 ? int(rng, 8, 22) : int(rng, 32, 70);
  return Array.from({ length: count }, () => ({
    description: pick(rng, language === 'fr' ? FR_ITEMS : EN_ITEMS),
    quantity: rng() < 0.15 ? int(rng, 1, 20) / 2 : int(rng, 1, 12),
    unitCents: pick(rng, [
      int(rng, 5, 99) * 100,
      int(rng, 100, 4000) * 100 + pick(rng, [0, 50, 99, 25]),
      int(rng, 1, 9999),
    ]),
  }));
}

function specFor(rng: Rng, index: number): { spec: InvoiceSpec; dueDate: IsoDate; source: DueDateSource } {
  const layouts: LayoutName[] = ['classic-fr', 'bill-to', 'minimal', 'modern', 'header-grid'];
  const layout = layouts[index % layouts.length] ?? 'classic-fr';
  const language: Language = layout === 'classic-fr' ? 'fr' : layout === 'bill-to' ? 'en' : rng() < 0.55 ? 'fr' : 'en';
  const currency = language === 'fr' ? 'EUR' : pick(rng, ['USD', 'USD', 'GBP', 'EUR']);
  const amountStyle: AmountStyle =
    language === 'fr'
      ? pick(rng, ['fr-nbsp', 'fr-space-code', 'fr-dot', 'fr-plain', 'code-prefix'])
      : pick(rng, ['en-symbol', 'en-symbol', 'en-code']);
  const dateStyle: DateStyle =
    language === 'fr'
      ? pick(rng, ['fr-slash', 'fr-dot', 'fr-dash-short', 'fr-long', 'fr-abbr', 'iso'])
      : currency === 'USD'
        ? pick(rng, ['us-slash', 'en-us-long', 'en-abbr-dash', 'iso'])
        : pick(rng, ['uk-slash', 'en-uk-long', 'en-abbr-dash', 'iso']);
  const year = pick(rng, [2025, 2026]);
  const issueDate = addDays(`${year}-01-01`, int(rng, 0, 364));
  const lineItems = items(rng, language);
  const subtotalCents = lineItems.reduce((sum, i) => sum + Math.round(i.quantity * i.unitCents), 0);
  const taxRate =
    language === 'fr' ? pick(rng, [20, 20, 20, 10, 5.5, 0]) : currency === 'USD' ? pick(rng, [0, 8.25, 6]) : 20;
  const taxCents = Math.round((subtotalCents * taxRate) / 100);
  const sellerBase = pick(rng, language === 'fr' ? FR_SELLERS : EN_SELLERS);
  const ids = language === 'fr' ? frenchIds(rng) : undefined;
  const seller: Party = ids ? { ...sellerBase, siret: spaced(ids.siret), vat: ids.vat } : sellerBase;
  const buyer = pick(rng, language === 'fr' ? FR_BUYERS : EN_BUYERS);
  const terms = pick(rng, language === 'fr' ? FR_TERMS : EN_TERMS);
  const mode = rng();
  const printedDue = mode < 0.6;
  const termsOnly = !printedDue && mode < 0.85;
  const dueDate = printedDue
    ? rng() < 0.5
      ? terms.due(issueDate)
      : addDays(issueDate, pick(rng, [15, 30, 45, 60]))
    : termsOnly
      ? terms.due(issueDate)
      : addDays(issueDate, 30);
  const printTerms = termsOnly || (printedDue && rng() < 0.3 && dueDate === terms.due(issueDate));
  const spec: InvoiceSpec = {
    layout,
    language,
    font: pick(rng, ['Helvetica', 'Helvetica', 'Times-Roman', 'Courier']),
    seller,
    buyer,
    number: pick(rng, NUMBER_PATTERNS)(rng, year),
    issueDate,
    ...(printedDue ? { dueDate } : {}),
    ...(printTerms ? { terms: layout === 'header-grid' ? terms.cell : terms.sentence } : {}),
    currency,
    amountStyle,
    dateStyle,
    items: lineItems,
    taxRate,
    subtotalCents,
    taxCents,
    totalCents: subtotalCents + taxCents,
    ...(rng() < 0.5 ? { iban: pick(rng, IBANS) } : {}),
    ...(rng() < 0.2 ? { rfReference: RF_REFERENCE } : {}),
    ...(rng() < 0.3 ? { orderReference: `PO-${int(rng, 1000, 9999)}` } : {}),
    ...(rng() < 0.3 ? { deliveryDate: addDays(issueDate, -int(rng, 1, 10)) } : {}),
    variant: pick(rng, [0, 1, 2] as const),
  };
  return { spec, dueDate, source: printedDue ? 'due_date' : termsOnly ? 'payment_terms' : 'legal_default' };
}

function render(spec: InvoiceSpec): Promise<{ pdf: Buffer; pages: number }> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: spec.currency === 'USD' ? 'LETTER' : 'A4',
      margins: { top: 40, bottom: 10, left: 50, right: 50 },
      bufferPages: true,
      info: { CreationDate: new Date(Date.UTC(2026, 0, 1)), Producer: 'relance-bench' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    LAYOUTS[spec.layout](doc, spec);
    numberPages(doc, spec);
    const pages = doc.bufferedPageRange().count;
    doc.on('end', () => resolve({ pdf: Buffer.concat(chunks), pages }));
    doc.end();
  });
}

/** Generates `count` invoices (at least 50 for the benchmark) from `seed`. */
export async function generateInvoices(count = 60, seed = 20260115): Promise<GeneratedInvoice[]> {
  const rng = random(seed);
  const out: GeneratedInvoice[] = [];
  for (let i = 0; i < count; i += 1) {
    const { spec, dueDate, source } = specFor(rng, i);
    const { pdf, pages } = await render(spec);
    out.push({
      pdf,
      truth: {
        id: `${String(i + 1).padStart(3, '0')}-${spec.layout}-${spec.language}`,
        layout: spec.layout,
        language: spec.language,
        number: spec.number,
        issueDate: spec.issueDate,
        dueDate,
        dueDateSource: source,
        total: { amount: spec.totalCents, currency: spec.currency },
        currency: spec.currency,
        buyerName: spec.buyer.name,
        sellerName: spec.seller.name,
        pages,
        ...(spec.seller.siret ? { siret: spec.seller.siret.replace(/ /g, '') } : {}),
        ...(spec.iban ? { iban: spec.iban.replace(/ /g, '') } : {}),
      },
    });
  }
  return out;
}
