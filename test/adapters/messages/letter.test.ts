/**
 * Letters: the PDF a (registered) letter step stores under letters/ holds the letterhead, the address, the
 * invoices, the penalties and the mise en demeure wording (read back with unpdf), a "to post" task opens once,
 * and page one is rendered to PNG for a person to look at (test/output/).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LetterChannel, letterKey, taskIdFor } from '#shared/adapters/channels/task-channels.ts';
import { DynamoTaskRepository } from '#shared/adapters/dynamodb/task-repository.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import { launchChromium, OUTPUT_DIR, renderPdfPage } from '../../support/browser.ts';
import { fixedClock, startTestTable, type TestTable } from '../../support/dynamo.ts';
import { message } from './fixtures.ts';

class MemoryBlobs implements BlobStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(key: string, body: Uint8Array, contentType: string) {
    this.objects.set(key, { body, contentType });
  }
  async get(key: string) {
    return this.objects.get(key);
  }
}

let table: TestTable;
let browser: Browser;

beforeAll(async () => {
  [table, browser] = await Promise.all([startTestTable(), launchChromium()]);
});
afterAll(async () => {
  await Promise.all([table?.close(), browser?.close()]);
});

async function textOf(pdf: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('letter channel', () => {
  it('stores the formal notice as a registered letter holding the wording a mise en demeure needs', async () => {
    // Prepare
    const blobs = new MemoryBlobs();
    const tasks = new DynamoTaskRepository(table.db, table.tableName);
    const channel = new LetterChannel({ tasks, blobs, clock: fixedClock('2026-11-23T09:00:00Z'), assignee: 'claire' });
    const msg = message('formal-notice');

    // Act
    const receipt = await channel.deliver(msg);

    // Assess: the PDF in the bucket
    expect(receipt.reference).toBe('letters/cus_test/2026-11-23-registered_letter-formal-notice.pdf');
    expect(letterKey(msg)).toBe(receipt.reference);
    const stored = blobs.objects.get(receipt.reference)!;
    expect(stored.contentType).toBe('application/pdf');
    const text = await textOf(stored.body);
    for (const expected of [
      // letterhead
      'Atelier Lumière SARL',
      '8 quai Saint-Vincent',
      '69001 Lyon',
      'SIREN 732829320',
      'N° TVA FR44732829320',
      // the customer's address, place and date
      'Boulangeries Martin & Fils SAS',
      'À l’attention de Marie Dupont',
      '12 avenue des Tilleuls',
      '69003 Lyon',
      'Lyon, le 23 novembre 2026',
      'Lettre recommandée avec accusé de réception',
      'Objet : Mise en demeure de payer : factures FA-2026-001, FA-2026-002, FA-2026-003',
      // the demand, the amounts, the legal basis
      'nous vous mettons en demeure de nous régler la somme de 1 943,63 € dans un délai de huit jours',
      'La présente lettre vaut mise en demeure de payer au sens de l’article 1344 du Code civil',
      'article 1231-6 du Code civil',
      'article L441-10 du Code de commerce',
      'article D441-5',
      'organisme de recouvrement ou saisirons la juridiction compétente',
      // the invoices table, totals and penalties
      'FA-2026-001',
      'FA-2026-002',
      'FA-2026-003',
      '1 200,00 €',
      '645,50 €',
      '40,00 € + 15,98 €',
      'Total restant dû 2 205,50 €',
      'Total réclamé (pénalités comprises) 1 943,63 €',
      '12,15 %',
      // how to pay
      'FR76 3000 6000 0112 3456 7890 189',
      'RF471234567890',
      'https://relance.atelier-lumiere.fr/portal/tok_abc123.sig',
      'Claire Bernard',
    ]) {
      expect(text).toContain(expected.replace(/\s+/g, ' '));
    }

    // … and the task to post it, once.
    const task = (await tasks.get(taskIdFor(msg.id)))!.task;
    expect(task).toMatchObject({
      kind: 'registered_letter',
      state: 'open',
      letterKey: receipt.reference,
      assignee: 'claire',
      customerId: 'cus_test',
      invoiceIds: ['inv_test1', 'inv_test2', 'inv_test3'],
      reminderId: msg.id,
    });
    await channel.deliver(msg);
    expect((await tasks.listOpen({ kind: 'registered_letter' })).filter((t) => t.reminderId === msg.id)).toHaveLength(
      1,
    );

    // Look at page one.
    const size = await renderPdfPage(browser, stored.body, 1, join(OUTPUT_DIR, 'letter-formal-notice-p1.png'));
    expect(size.width).toBeGreaterThan(800);
  });

  it('an English plain letter carries no registered mention and no mise en demeure wording', async () => {
    const blobs = new MemoryBlobs();
    const channel = new LetterChannel({
      tasks: new DynamoTaskRepository(table.db, table.tableName),
      blobs,
      clock: fixedClock('2026-11-23T09:00:00Z'),
    });
    const msg = { ...message('last-notice', { language: 'en' }), channel: 'letter' as const };
    const receipt = await channel.deliver(msg);
    const text = await textOf(blobs.objects.get(receipt.reference)!.body);
    expect(text).toContain('stop our business relationship');
    expect(text).toContain('Dear Marie Dupont,');
    expect(text).toContain('article L441-10');
    expect(text).not.toContain('Registered letter');
    expect(text).not.toContain('mise en demeure');
    await renderPdfPage(
      browser,
      blobs.objects.get(receipt.reference)!.body,
      1,
      join(OUTPUT_DIR, 'letter-last-notice-en-p1.png'),
    );
  });
});
