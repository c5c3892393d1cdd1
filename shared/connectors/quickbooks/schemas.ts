/** QuickBooks records (INTEGRATIONS.md §2.4) and webhook payloads (§2.5, §2.6): the fields we read. */
import * as z from '#shared/platform/zod.ts';

const nonEmpty = () => z.string().check(z.minLength(1));
const optionalString = () => z.optional(z.string());
const syncToken = () => z.optional(z.string().check(z.regex(/^\d+$/)));
const ref = z.looseObject({ value: nonEmpty(), name: optionalString() });
const meta = z.looseObject({ LastUpdatedTime: optionalString(), CreateTime: optionalString() });
const linked = z.looseObject({ TxnId: z.string(), TxnType: z.string() });

export const Invoice = z.looseObject({
  Id: nonEmpty(),
  SyncToken: syncToken(),
  DocNumber: optionalString(),
  TxnDate: z.string(),
  DueDate: optionalString(),
  TotalAmt: z.number().check(z.nonnegative()),
  Balance: z.number().check(z.nonnegative()),
  CurrencyRef: z.optional(ref),
  CustomerRef: ref,
  BillEmail: z.optional(z.looseObject({ Address: optionalString() })),
  PrivateNote: optionalString(),
  MetaData: z.optional(meta),
  status: optionalString(),
});
export type Invoice = z.infer<typeof Invoice>;

export const Customer = z.looseObject({
  Id: nonEmpty(),
  SyncToken: syncToken(),
  DisplayName: optionalString(),
  CompanyName: optionalString(),
  GivenName: optionalString(),
  FamilyName: optionalString(),
  PrimaryEmailAddr: z.optional(z.looseObject({ Address: optionalString() })),
  PrimaryPhone: z.optional(z.looseObject({ FreeFormNumber: optionalString() })),
  BillAddr: z.optional(
    z.looseObject({
      Line1: optionalString(),
      Line2: optionalString(),
      City: optionalString(),
      PostalCode: optionalString(),
      Country: optionalString(),
    }),
  ),
  MetaData: z.optional(meta),
  status: optionalString(),
});
export type Customer = z.infer<typeof Customer>;

export const Payment = z.looseObject({
  Id: nonEmpty(),
  Line: z._default(z.array(z.looseObject({ LinkedTxn: z._default(z.array(linked), []) })), []),
  status: optionalString(),
});

export const CreditMemo = z.looseObject({
  Id: nonEmpty(),
  LinkedTxn: z._default(z.array(linked), []),
  Line: z._default(z.array(z.looseObject({ LinkedTxn: z.optional(z.array(linked)) })), []),
  status: optionalString(),
});

export const TokenResponse = z.looseObject({
  access_token: nonEmpty(),
  expires_in: z.number().check(z.int(), z.positive()),
  refresh_token: nonEmpty(),
});

export const LegacyPayload = z.object({
  eventNotifications: z.array(
    z.looseObject({
      realmId: nonEmpty(),
      dataChangeEvent: z.looseObject({
        entities: z.array(
          z.looseObject({
            name: nonEmpty(),
            id: nonEmpty(),
            operation: nonEmpty(),
            lastUpdated: optionalString(),
          }),
        ),
      }),
    }),
  ),
});

export const CloudEvent = z.looseObject({
  specversion: z.string(),
  id: nonEmpty(),
  type: nonEmpty(),
  time: optionalString(),
  intuitentityid: nonEmpty(),
  intuitaccountid: nonEmpty(),
});
export const CloudEventsPayload = z.array(CloudEvent).check(z.minLength(1));

/** [S] CDC: `{"CDCResponse":[{"QueryResponse":[{"Invoice":[…]},{"Payment":[…]},…]}]}`. */
export const CdcResponse = z.looseObject({
  CDCResponse: z.array(z.looseObject({ QueryResponse: z._default(z.array(z.record(z.string(), z.unknown())), []) })),
});

export const QueryResponse = z.looseObject({
  QueryResponse: z.looseObject({ Invoice: z._default(z.array(z.unknown()), []) }),
});
