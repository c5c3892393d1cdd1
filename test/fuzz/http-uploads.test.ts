/**
 * Issue #10, file uploads over HTTP (the real app on 127.0.0.1, dynalite behind it): bank statements
 * (`POST /api/bank/statements`, every format, a CSV column mapping) and invoice documents (`POST /api/documents`),
 * with mutated corpus files, mutated mappings and broken multipart requests.
 * Properties:
 *  - a statement is imported (2xx) or refused with a 4xx naming the line or element (422) or the form field (400);
 *    a refused file leaves only its failed import record (the design keeps it, to retry with a fixed file);
 *  - a document is taken in (2xx: converted, waiting for review, or stored as failed with its reason) or refused
 *    before anything is stored (400, 413, 415); never a 5xx.
 * Seeds are fixed; FUZZ_RUNS multiplies the runs (support/fuzz.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicePdf } from '../support/invoice-pdf.ts';
import {
  byteFlips,
  flipBytes,
  mutatedFile,
  mutatedJson,
  mutateText,
  PROPERTY_TIMEOUT,
  params,
  textMutation,
} from './support/fuzz.ts';
import { type FuzzApp, type ItemRef, MAX_STATEMENT_BYTES, startFuzzApp } from './support/http-app.ts';
import { checkAnswer, StatusTally } from './support/http-checks.ts';
import { CFONB_CORPUS, CSV_CORPUS, fixtureCorpus } from './support/statements.ts';

let t: FuzzApp;
beforeAll(async () => {
  t = await startFuzzApp();
  await t.changes();
}, 120_000);
afterAll(async () => t?.close());

const failedImport = (item: ItemRef) => item.pk.startsWith('BANKIMPORT#') && item.state === 'failed';

interface Upload {
  /** The multipart form, or a raw body with its content type (a client that does not send a form). */
  form?: { file?: { bytes: Uint8Array; name: string } | string; mapping?: string };
  raw?: { body: string; type: string };
}

function toRequest(upload: Upload): { body: string | FormData; headers: Record<string, string>; shown: string } {
  if (upload.raw) {
    return {
      body: upload.raw.body,
      headers: { 'content-type': upload.raw.type },
      shown: upload.raw.body.slice(0, 200),
    };
  }
  const form = new FormData();
  const file = upload.form?.file;
  if (typeof file === 'string') form.set('file', file);
  else if (file) form.set('file', new File([file.bytes], file.name));
  if (upload.form?.mapping !== undefined) form.set('mapping', upload.form.mapping);
  const shown =
    typeof file === 'string'
      ? file
      : file
        ? `${file.name}: ${Buffer.from(file.bytes).toString('latin1').slice(0, 300)}`
        : '(no file)';
  return { body: form, headers: {}, shown: `${shown} mapping=${upload.form?.mapping ?? ''}` };
}

/** The client's side of a broken upload: no file, the file as text, no form at all, a broken multipart body. */
const brokenUpload: fc.Arbitrary<Upload> = fc.oneof(
  fc.constant<Upload>({ form: {} }),
  fc.string({ maxLength: 40 }).map<Upload>((s) => ({ form: { file: s } })),
  fc.constantFrom<Upload>(
    { raw: { body: '{"file": "x"}', type: 'application/json' } },
    {
      raw: {
        body: '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
        type: 'multipart/form-data; boundary=xyz',
      },
    },
    { raw: { body: 'garbage', type: 'multipart/form-data' } },
    { raw: { body: '', type: 'multipart/form-data; boundary=' } },
  ),
);

describe('uploads over HTTP', () => {
  it(
    'POST /api/bank/statements: mutated statements of every format, mutated CSV mappings',
    async () => {
      const corpus = [...fixtureCorpus('camt'), ...fixtureCorpus('mt940'), ...fixtureCorpus('ofx'), ...CFONB_CORPUS];
      const statement = mutatedFile(corpus).map<Upload>((f) => ({ form: { file: { bytes: f.bytes, name: f.name } } }));
      const csv = fc
        .record({
          index: fc.nat({ max: CSV_CORPUS.length - 1 }),
          mutations: fc.array(textMutation, { maxLength: 3 }),
          mapping: fc.oneof(
            fc.constant(undefined),
            fc.constant('original'),
            mutatedJson(CSV_CORPUS.map((c) => c.mapping)).map((m) => JSON.stringify(m)),
            fc.constantFrom('', '{', 'null', '[]'),
          ),
          name: fc.constantFrom('releve.csv', 'export.CSV', 'statement.txt', ''),
        })
        .map<Upload>(({ index, mutations, mapping, name }) => {
          const source = CSV_CORPUS[index] as (typeof CSV_CORPUS)[number];
          const text = mutateText(source.text, mutations);
          return {
            form: {
              file: { bytes: new TextEncoder().encode(text), name: name || 'x' },
              mapping: mapping === 'original' ? JSON.stringify(source.mapping) : mapping,
            },
          };
        });
      const oversized = fc.constant<Upload>({
        form: { file: { bytes: new Uint8Array(MAX_STATEMENT_BYTES + 1).fill(0x41), name: 'big.sta' } },
      });
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 10, arbitrary: statement },
            { weight: 6, arbitrary: csv },
            { weight: 2, arbitrary: brokenUpload },
            { weight: 1, arbitrary: oversized },
          ),
          async (upload) => {
            const { body, headers, shown } = toRequest(upload);
            const res = await t.request('/api/bank/statements', { body, headers });
            const change = await t.changes();
            tally.add(res);
            checkAnswer(res, change, shown, failedImport);
            if (res.status === 200 || res.status === 201) {
              expect(res.json).toMatchObject({ state: 'imported', counts: expect.any(Object) });
            }
            if (res.status === 422) expect(res.json.error?.code).toBe('STATEMENT_MALFORMED');
          },
        ),
        params(0xb5a, 200),
      );
      expect(tally.accepted, tally.toString()).toBeGreaterThan(0);
      expect(tally.refused, tally.toString()).toBeGreaterThan(0);
      const { missed, ghosts } = await t.verifyMirror();
      expect({ missed, ghosts }).toEqual({ missed: [], ghosts: [] });
    },
    PROPERTY_TIMEOUT,
  );

  let pdfs: Uint8Array[] = [];
  beforeAll(async () => {
    pdfs = [
      await invoicePdf({ number: 'F-UP-1', buyer: 'Quincaillerie Moreau SARL' }),
      await invoicePdf({ number: 'F-UP-2', withoutDates: true }),
    ];
  }, 120_000);

  it(
    'POST /api/documents: damaged PDFs, images that are not, other files',
    async () => {
      const magic = fc.constantFrom(
        [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        [0xff, 0xd8, 0xff, 0xe0],
        [0x49, 0x49, 0x2a, 0x00],
        [...Buffer.from('%PDF-1.4\n')],
        [],
      );
      const document = fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .tuple(fc.nat({ max: 1 }), byteFlips)
            .map(([i, flips]) => flipBytes(pdfs[i] as Uint8Array, flips)),
        },
        {
          weight: 3,
          arbitrary: fc
            .tuple(fc.nat({ max: 1 }), fc.array(textMutation, { minLength: 1, maxLength: 3 }))
            .map(
              ([i, ms]) =>
                new Uint8Array(
                  Buffer.from(mutateText(Buffer.from(pdfs[i] as Uint8Array).toString('latin1'), ms), 'latin1'),
                ),
            ),
        },
        {
          weight: 2,
          arbitrary: fc
            .tuple(magic, fc.uint8Array({ maxLength: 300 }))
            .map(([m, tail]) => new Uint8Array([...m, ...tail])),
        },
        { weight: 1, arbitrary: fc.nat({ max: 1 }).map((i) => pdfs[i] as Uint8Array) },
      );
      const upload = fc.oneof(
        {
          weight: 8,
          arbitrary: fc
            .tuple(document, fc.constantFrom('facture.pdf', 'scan.png', '', 'a'.repeat(400)))
            .map<Upload>(([bytes, name]) => ({ form: { file: { bytes, name: name || 'x' } } })),
        },
        { weight: 1, arbitrary: brokenUpload },
      );
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(upload, async (u) => {
          const { body, headers, shown } = toRequest(u);
          const res = await t.request('/api/documents', { body, headers });
          const change = await t.changes();
          tally.add(res);
          checkAnswer(res, change, shown);
          if (res.status === 200 || res.status === 201) {
            const state = res.json.state as string;
            expect(['received', 'extracted', 'converted', 'review', 'failed']).toContain(state);
            if (state === 'failed')
              expect((res.json.failure as { reason?: string })?.reason).toEqual(expect.any(String));
          }
        }),
        params(0xd0d, 80),
      );
      expect(tally.accepted, tally.toString()).toBeGreaterThan(0);
      expect(tally.refused, tally.toString()).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );
});
