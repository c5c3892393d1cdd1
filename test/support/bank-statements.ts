/**
 * Statement files built in tests: a camt.053.001.08 with the structure of test/data/fixtures/camt/camt053.v8.xml
 * (our own amounts, references and parties), and a small MT940.
 */
export interface CamtEntry {
  /** Major units as written in the file, e.g. "1200.00". */
  amount: string;
  currency?: string;
  credit?: boolean;
  reversal?: boolean;
  bookingDate?: string;
  accountServicerRef?: string;
  endToEndId?: string;
  debtorName?: string;
  debtorIban?: string;
  ustrd?: string[];
  /** A structured creditor reference (RF…). */
  rf?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function entry(e: CamtEntry): string {
  const ccy = e.currency ?? 'EUR';
  const remittance = [
    ...(e.ustrd ?? []).map((u) => `<Ustrd>${esc(u)}</Ustrd>`),
    ...(e.rf
      ? [
          `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>${e.rf}</Ref></CdtrRefInf></Strd>`,
        ]
      : []),
  ].join('');
  return `
            <Ntry>
                <Amt Ccy="${ccy}">${e.amount}</Amt>
                <CdtDbtInd>${e.credit === false ? 'DBIT' : 'CRDT'}</CdtDbtInd>
                ${e.reversal ? '<RvslInd>true</RvslInd>' : ''}
                <Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><Dt>${e.bookingDate ?? '2026-11-20'}</Dt></BookgDt>
                <ValDt><Dt>${e.bookingDate ?? '2026-11-20'}</Dt></ValDt>
                ${e.accountServicerRef ? `<AcctSvcrRef>${e.accountServicerRef}</AcctSvcrRef>` : ''}
                <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                <NtryDtls>
                    <TxDtls>
                        <Refs><EndToEndId>${e.endToEndId ?? 'NOTPROVIDED'}</EndToEndId></Refs>
                        <RltdPties>
                            <Dbtr><Pty><Nm>${esc(e.debtorName ?? 'UNKNOWN PAYER')}</Nm></Pty></Dbtr>
                            ${e.debtorIban ? `<DbtrAcct><Id><IBAN>${e.debtorIban}</IBAN></Id></DbtrAcct>` : ''}
                        </RltdPties>
                        ${remittance ? `<RmtInf>${remittance}</RmtInf>` : ''}
                    </TxDtls>
                </NtryDtls>
            </Ntry>`;
}

export function camt053(entries: readonly CamtEntry[], options: { id?: string; iban?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <BkToCstmrStmt>
        <GrpHdr>
            <MsgId>${options.id ?? 'RELANCE-TEST-0001'}</MsgId>
            <CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm>
        </GrpHdr>
        <Stmt>
            <Id>${options.id ?? 'RELANCE-TEST-0001'}</Id>
            <ElctrncSeqNb>1</ElctrncSeqNb>
            <CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm>
            <Acct><Id><IBAN>${options.iban ?? 'FR7630006000011234567890189'}</IBAN></Id><Ccy>EUR</Ccy></Acct>
            <Bal>
                <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
                <Amt Ccy="EUR">1000.00</Amt>
                <CdtDbtInd>CRDT</CdtDbtInd>
                <Dt><Dt>2026-11-19</Dt></Dt>
            </Bal>${entries.map(entry).join('')}
        </Stmt>
    </BkToCstmrStmt>
</Document>
`;
}

/** A one-statement MT940 with one credit line per entry (`:86:` carries the remittance text). */
export function mt940(lines: readonly { date: string; amount: string; ref: string; text: string }[]): string {
  const yymmdd = (d: string) => d.slice(2).replace(/-/g, '');
  return [
    ':20:RELANCE-MT940',
    ':25:FR7630006000011234567890189',
    ':28C:1/1',
    ':60F:C261119EUR1000,00',
    ...lines.flatMap((l) => [
      `:61:${yymmdd(l.date)}${yymmdd(l.date).slice(2)}CR${l.amount}NTRFNONREF//${l.ref}`,
      `:86:${l.text}`,
    ]),
    ':62F:C261120EUR1000,00',
    '-',
    '',
  ].join('\r\n');
}
