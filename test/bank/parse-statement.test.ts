/**
 * The entry point: format detection by content, byte decoding, typed rejections that name the line or element,
 * and camt behaviours the corpus does not exercise (batch split, newer versions, RF references).
 */
import { describe, expect, it } from 'vitest';
import { detectFormat, parseStatement } from '#shared/bank/parse-statement.ts';
import { captureError, readFixture, statementsOf } from './fixture-helpers.ts';

const encode = (text: string) => new TextEncoder().encode(text);

function camt054(version: string, entry: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.${version}">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-02T08:00:00+01:00</CreDtTm></GrpHdr>
    <Ntfctn>
      <Id>N1</Id>
      <CreDtTm>2026-03-02T08:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
      ${entry}
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>`;
}

function detail(e2e: string, amount: string, name: string, iban: string, extra = ''): string {
  return `<TxDtls>
    <Refs><EndToEndId>${e2e}</EndToEndId></Refs>
    <Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <RltdPties><Dbtr><Pty><Nm>${name}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>${iban}</IBAN></Id></DbtrAcct></RltdPties>
    <RltdAgts><DbtrAgt><FinInstnId><BICFI>BNPAFRPPXXX</BICFI></FinInstnId></DbtrAgt></RltdAgts>
    ${extra}
  </TxDtls>`;
}

const BATCH = camt054(
  '08',
  `<Ntry>
    <Amt Ccy="EUR">1500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>
    <AcctSvcrRef>BATCH-0302-01</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls>
      <Btch><NbOfTxs>3</NbOfTxs></Btch>
      ${detail('E2E-A', '1000.00', 'ACME SAS', 'FR7610107001011234567890129', '<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>')}
      ${detail('E2E-B', '300.00', 'BETA SARL', 'DE89370400440532013000', '<RmtInf><Strd><RfrdDocInf><Nb>F-2026-081</Nb></RfrdDocInf><AddtlRmtInf>acompte</AddtlRmtInf></Strd></RmtInf>')}
      ${detail('NOTPROVIDED', '200.00', 'GAMMA', 'BE68539007547034', '<RmtInf><Ustrd>FACTURE F-2026-090</Ustrd></RmtInf>')}
    </NtryDtls>
  </Ntry>`,
);

describe('format detection', () => {
  it.each([
    ['camt', 'camt/camt053.v2.minimal.xml'],
    ['ofx', 'ofx/bank_medium.ofx'],
    ['ofx', 'ofx/anzcc.ofx'],
    ['ofx', 'ofx/decimal_error.ofx'],
    ['mt940', 'mt940/sepa_snippet.sta'],
    ['mt940', 'mt940/asnb-mt940.txt'],
    ['mt940', 'mt940/empty_non_swift.sta'],
  ] as const)('detects %s in %s by content, whatever the file name', (format, path) => {
    const [kind, name] = path.split('/') as ['camt' | 'ofx' | 'mt940', string];
    const text = readFixture(kind, name).toString('utf8');
    expect(detectFormat(text, { fileName: 'upload.bin' })).toBe(format);
  });

  it('rejects an empty file and an unrecognised one with the file as location', () => {
    expect(captureError(() => parseStatement(new Uint8Array())).message).toBe('file: the file is empty');
    const error = captureError(() =>
      parseStatement(encode('Bonjour,\nvoici mon relevé.\n'), { fileName: 'notes.txt' }),
    );
    expect(error).toMatchObject({ code: 'STATEMENT_MALFORMED', location: 'file' });
  });
});

describe('bytes', () => {
  it('reads Windows-1252 MT940 (umlauts in :86:) as well as UTF-8', () => {
    const text =
      ':20:X\r\n:25:12345678/1020304050\r\n:60F:C240101EUR0,\r\n:61:240102C5,NTRFNONREF\r\n:86:166?00GUTSCHRIFT?20SVWZ+Miete M\xe4rz?32M\xfcller Gr\xf6\xdfe\r\n-';
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const [statement] = statementsOf(parseStatement(latin1));
    expect(statement?.transactions[0]).toMatchObject({
      remittanceUnstructured: ['Miete März'],
      counterpartyName: 'Müller Größe',
    });
    const [fromUtf8] = statementsOf(parseStatement(encode(text)));
    expect(fromUtf8?.transactions[0]?.counterpartyName).toBe('Müller Größe');
  });

  it('strips a byte-order mark and SOH/ETX framing', () => {
    const xml = readFixture('camt', 'camt053.v8.xml');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...xml]);
    expect(statementsOf(parseStatement(withBom))[0]?.transactions).toHaveLength(1);
    const framed = encode('\x01\n:20:X\n:25:NL81ASNB9999999999\n:60F:C240101EUR1,00\n:62F:C240101EUR1,00\n-\x03');
    expect(statementsOf(parseStatement(framed))[0]?.accountIban).toBe('NL81ASNB9999999999');
  });

  it('reads an ISO-8859-1 camt file', () => {
    const xml = camt054(
      '02',
      '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><NtryDtls><TxDtls><RmtInf><Ustrd>R\xe9glement \xe9chu</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>',
    ).replace('UTF-8', 'ISO-8859-1');
    const [statement] = statementsOf(parseStatement(Uint8Array.from(xml, (c) => c.charCodeAt(0))));
    expect(statement?.transactions[0]?.remittanceUnstructured).toEqual(['Réglement échu']);
  });
});

describe('typed rejections', () => {
  it('names the line of XML that is not well-formed', () => {
    const error = captureError(() =>
      parseStatement(encode('<?xml version="1.0"?>\n<Document>\n  <BkToCstmrStmt>\n</Document>')),
    );
    expect(error.location).toBe('line 4');
    expect(error.message).toMatch(/^line 4: not well-formed XML/);
  });

  it('names the element of an unknown camt message root', () => {
    const error = captureError(() =>
      parseStatement(
        encode('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.056.001.08"><FIToFIPmtCxlReq/></Document>'),
      ),
    );
    expect(error.location).toBe('Document/FIToFIPmtCxlReq');
  });

  it('names the element of an entry without credit/debit indicator or amount', () => {
    const noIndicator = camt054('02', '<Ntry><Amt Ccy="EUR">1.00</Amt><Sts>BOOK</Sts></Ntry>');
    expect(captureError(() => parseStatement(encode(noIndicator))).location).toBe(
      'Document/BkToCstmrDbtCdtNtfctn/Ntfctn[0]/Ntry[0]/CdtDbtInd',
    );
    const badAmount = camt054('02', '<Ntry><Amt Ccy="EUR">1,00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>');
    expect(captureError(() => parseStatement(encode(badAmount))).message).toBe(
      'Document/BkToCstmrDbtCdtNtfctn/Ntfctn[0]/Ntry[0]/Amt: "1,00" is not an amount in EUR',
    );
  });

  it('names the line of an unreadable MT940 :61:', () => {
    const error = captureError(() =>
      parseStatement(encode(':20:X\n:25:DE89370400440532013000\n:60F:C240101EUR0,\n:61:24X102C5,NTRF\n')),
    );
    expect(error.message).toBe('line 4: :61: statement line "24X102C5,NTRF" cannot be read');
  });

  it('turns an XML parser failure into a StatementFormatError that keeps the cause', () => {
    const deep = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>${'<X>'.repeat(150)}${'</X>'.repeat(150)}</Stmt></BkToCstmrStmt></Document>`;
    const error = captureError(() => parseStatement(encode(deep)));
    expect(error.location).toBe('file');
    expect(error.message).toMatch(/^file: not well-formed XML: /);
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('camt behaviours beyond the corpus', () => {
  it('splits a batch entry into one transaction per detail when the details carry amounts that add up', () => {
    const result = parseStatement(encode(BATCH));
    expect(result.format).toBe('camt.054');
    const [statement] = statementsOf(result);
    const txs = statement?.transactions ?? [];
    expect(
      txs.map((t) => [t.amount.amount, t.detailIndex, t.entryAmount?.amount, t.counterpartyName, t.endToEndId]),
    ).toEqual([
      [100000, 0, 150000, 'ACME SAS', 'E2E-A'],
      [30000, 1, 150000, 'BETA SARL', 'E2E-B'],
      [20000, 2, 150000, 'GAMMA', undefined],
    ]);
    expect(txs[0]).toMatchObject({
      creditorReference: 'RF18539007547034',
      counterpartyIban: 'FR7610107001011234567890129',
      counterpartyBic: 'BNPAFRPPXXX',
      accountServicerReference: 'BATCH-0302-01',
      bankTransactionCode: 'PMNT/RCDT/ESCT',
      status: 'booked',
    });
    expect(txs[1]).toMatchObject({ referredDocumentNumbers: ['F-2026-081'], additionalInfo: ['acompte'] });
    expect(txs[2]?.remittanceUnstructured).toEqual(['FACTURE F-2026-090']);
    expect(txs.map((t) => t.key)).toEqual([
      'camt-asr:FR7630006000011234567890189:BATCH-0302-01/E2E-A',
      'camt-asr:FR7630006000011234567890189:BATCH-0302-01/E2E-B',
      'camt-asr:FR7630006000011234567890189:BATCH-0302-01/#3',
    ]);
  });

  it('keeps the entry whole when the detail amounts do not add up, listing the details', () => {
    const result = parseStatement(encode(BATCH.replace('>200.00<', '>250.00<')));
    const [statement] = statementsOf(result);
    expect(statement?.transactions).toHaveLength(1);
    expect(statement?.transactions[0]?.details?.map((d) => d.amount?.amount)).toEqual([100000, 30000, 25000]);
    expect(result.kind === 'statements' && result.diagnostics[0]?.message).toMatch(/kept together/);
  });

  it('reads a namespace-prefixed document', () => {
    const prefixed = BATCH.replace('<Document xmlns=', '<ns2:Document xmlns:ns2=')
      .replace('</Document>', '</ns2:Document>')
      .replace(/<(\/?)(?!ns2:|\?)([A-Za-z])/g, '<$1ns2:$2');
    expect(prefixed).toContain('<ns2:Ntry>');
    expect(statementsOf(parseStatement(encode(prefixed)))[0]?.transactions).toHaveLength(3);
  });

  it.each(['02', '04', '08', '10', '12'])('reads camt.054.001.%s', (version) => {
    const result = parseStatement(encode(BATCH.replace('camt.054.001.08', `camt.054.001.${version}`)));
    expect(result.kind === 'statements' && result.diagnostics).toEqual([]);
    expect(statementsOf(result)[0]?.transactions).toHaveLength(3);
  });

  it('never books an entry whose status is unknown, and keeps pending ones pending', () => {
    const entry = (sts: string) =>
      camt054('08', `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>${sts}</Cd></Sts></Ntry>`);
    expect(statementsOf(parseStatement(encode(entry('PDNG'))))[0]?.transactions[0]?.status).toBe('pending');
    const odd = parseStatement(encode(entry('XXXX')));
    expect(statementsOf(odd)[0]?.transactions[0]?.status).toBe('info');
  });

  it('reads a reversal: the sign follows the booking, the counterparty stays the original payer', () => {
    const reversal = camt054(
      '02',
      `<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>
        <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>ACME SAS</Nm></Dbtr><Cdtr><Nm>US</Nm></Cdtr></RltdPties></TxDtls></NtryDtls></Ntry>`,
    );
    expect(statementsOf(parseStatement(encode(reversal)))[0]?.transactions[0]).toMatchObject({
      amount: { amount: -1000, currency: 'EUR' },
      reversal: true,
      counterpartyName: 'ACME SAS',
    });
  });
});

describe('OFX behaviours beyond the corpus', () => {
  it('reads empty SGML leaves, comma decimals and a DTAVAIL value date', () => {
    const ofx = `OFXHEADER:100
DATA:OFXSGML

<OFX><BANKMSGSRSV1><STMTTRNRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>EUR
<BANKACCTFROM><BANKID>30006<ACCTID>FR7630006000011234567890189<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260302<DTAVAIL>20260303<TRNAMT>1234,56<FITID>A1<NAME>ACME SAS<MEMO></STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>1234,56<DTASOF>20260302</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const [statement] = statementsOf(parseStatement(encode(ofx)));
    expect(statement?.accountIban).toBe('FR7630006000011234567890189');
    expect(statement?.transactions[0]).toMatchObject({
      amount: { amount: 123456, currency: 'EUR' },
      bookingDate: '2026-03-02',
      valueDate: '2026-03-03',
      remittanceUnstructured: ['ACME SAS'],
      key: 'ofx-fitid:FR7630006000011234567890189:A1',
    });
  });
});
