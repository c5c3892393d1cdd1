/**
 * The case file handed to a collection agency (or a lawyer) for one customer: every invoice still owed with its
 * PDF, the penalties as of today, every reminder with its delivery evidence, and the whole timeline.
 * Returns the files; the caller packs them (the web layer zips them).
 */
import { dateInZone, daysBetween } from '#shared/domain/calendar-date.ts';
import { computePenalties, DEFAULT_RATE_TABLE, type RateTable } from '#shared/domain/dunning/penalties.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { balanceOf, type Invoice } from '#shared/domain/invoice.ts';
import { isCollectible } from '#shared/domain/invoice-lifecycle.ts';
import { formatMoney, toDecimalString } from '#shared/domain/money.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { ReminderRepository, SettingsRepository } from '#shared/ports/reminders.ts';
import type { UseCaseDeps } from './stores.ts';

export interface CaseFileEntry {
  path: string;
  content: Uint8Array;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A CSV cell; text a spreadsheet would run as a formula (=, +, -, @, tab or CR first) is prefixed with a quote. */
function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const makeCollectionCaseFile =
  (
    deps: UseCaseDeps & {
      reminders: ReminderRepository;
      settings: SettingsRepository;
      blobs?: BlobStore;
      rates?: RateTable;
    },
  ) =>
  async (customerId: string): Promise<{ fileName: string; entries: CaseFileEntry[] }> => {
    const found = await deps.customers.get(customerId);
    if (!found) throw new NotFoundError('customer', customerId);
    const customer = found.value;
    const settings = await deps.settings.get();
    const today = dateInZone(deps.clock.now(), settings.timeZone);
    const ledger = await deps.customers.ledger(customerId);
    const invoices = (
      await Promise.all(ledger.filter((e) => isCollectible(e.state)).map((e) => deps.invoices.get(e.invoiceId)))
    )
      .map((r) => r?.value)
      .filter((i): i is Invoice => i !== undefined && isCollectible(i.state))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    const [reminders, timeline] = await Promise.all([
      deps.reminders.listByCustomer(customerId, 1000),
      deps.timeline.forCustomer(customerId, { limit: 1000 }),
    ]);

    const lines = invoices.map((invoice) => {
      const balance = balanceOf(invoice);
      const late = Math.max(0, daysBetween(invoice.dueDate, today));
      const penalties =
        late > 0 && settings.penaltyPolicy !== 'off'
          ? computePenalties({
              invoiceBalance: balance,
              dueDate: invoice.dueDate,
              asOf: today,
              policy: settings.penaltyPolicy,
              contractualRateBp: settings.contractualRateBp,
              rates: deps.rates ?? DEFAULT_RATE_TABLE,
            })
          : undefined;
      return {
        number: invoice.number,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        currency: invoice.currency,
        total: toDecimalString({ amount: invoice.total, currency: invoice.currency }),
        balance: toDecimalString(balance),
        daysLate: late,
        state: invoice.state,
        rfReference: invoice.rfReference,
        flatIndemnity: penalties ? toDecimalString(penalties.flatIndemnity) : undefined,
        interest: penalties ? toDecimalString(penalties.interest) : undefined,
        pdf: invoice.pdf ? `factures/${invoice.number.replace(/[^\w.-]+/g, '_')}.pdf` : undefined,
        invoice,
      };
    });

    const entries: CaseFileEntry[] = [];
    const dossier = {
      generatedOn: today,
      creditor: {
        legalName: settings.legalName,
        siren: settings.siren,
        vatNumber: settings.vatNumber,
        address: settings.address,
      },
      debtor: {
        legalName: customer.legalName,
        siren: customer.siren,
        siret: customer.siret,
        vatNumber: customer.vatNumber,
        address: customer.address,
        contacts: customer.contacts.map((c) => ({
          name: c.name,
          email: c.email,
          phone: c.phone,
          role: c.role,
          primary: c.primary,
        })),
      },
      invoices: lines.map(({ invoice: _invoice, ...rest }) => rest),
      reminders: reminders.map((r) => ({
        date: r.date,
        channel: r.channel,
        step: r.stepId,
        status: r.status,
        reference: r.reference,
        sentAt: r.sentAt,
        invoices: r.invoiceIds.map((id) => invoices.find((i) => i.id === id)?.number ?? id),
        evidence: r.events,
      })),
    };
    entries.push({ path: 'dossier.json', content: utf8(`${JSON.stringify(dossier, null, 2)}\n`) });

    const header = ['date', 'facture', 'type', 'résumé', 'auteur', 'motif'];
    const rows = [...timeline]
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((e) =>
        [
          e.at,
          invoices.find((i) => i.id === e.invoiceId)?.number ?? '',
          e.type,
          e.summary,
          `${e.actor.kind}:${e.actor.id}`,
          e.reason ?? '',
        ]
          .map(csvCell)
          .join(';'),
      );
    // A BOM so spreadsheet software opens the French accents right.
    entries.push({ path: 'historique.csv', content: utf8(`\ufeff${[header.join(';'), ...rows].join('\r\n')}\r\n`) });

    for (const line of lines) {
      if (!line.pdf || !line.invoice.pdf || !deps.blobs) continue;
      const object = await deps.blobs.get(line.invoice.pdf.key);
      if (object) entries.push({ path: line.pdf, content: object.body });
    }

    const total = lines.reduce((acc, l) => acc + balanceOf(l.invoice).amount, 0);
    const currency = invoices[0]?.currency ?? 'EUR';
    const summary = [
      `Dossier de recouvrement — ${customer.legalName}`,
      `Établi le ${today} par ${settings.legalName}.`,
      '',
      `${lines.length} facture(s) impayée(s), solde total ${formatMoney({ amount: total, currency }, 'fr')} (hors pénalités).`,
      `${reminders.length} relance(s) envoyée(s), avec leurs preuves de remise dans dossier.json.`,
      'Historique complet des échanges et paiements : historique.csv. Factures : dossier factures/.',
      '',
    ].join('\r\n');
    entries.push({ path: 'LISEZMOI.txt', content: utf8(summary) });

    const slug = customer.legalName
      .normalize('NFD')
      .replace(/[^\w]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
    return { fileName: `recouvrement-${slug}-${today}.zip`, entries };
  };
