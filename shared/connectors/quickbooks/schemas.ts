/** QuickBooks records (INTEGRATIONS.md §2.4) and webhook payloads (§2.5, §2.6): the fields we read. */
import { z } from 'zod';

const ref = z.looseObject({ value: z.string().min(1), name: z.string().optional() });
const meta = z.looseObject({ LastUpdatedTime: z.string().optional(), CreateTime: z.string().optional() });
const linked = z.looseObject({ TxnId: z.string(), TxnType: z.string() });

export const Invoice = z.looseObject({
  Id: z.string().min(1),
  SyncToken: z.string().regex(/^\d+$/).optional(),
  DocNumber: z.string().optional(),
  TxnDate: z.string(),
  DueDate: z.string().optional(),
  TotalAmt: z.number().nonnegative(),
  Balance: z.number().nonnegative(),
  CurrencyRef: ref.optional(),
  CustomerRef: ref,
  BillEmail: z.looseObject({ Address: z.string().optional() }).optional(),
  PrivateNote: z.string().optional(),
  MetaData: meta.optional(),
  status: z.string().optional(),
});
export type Invoice = z.infer<typeof Invoice>;

export const Customer = z.looseObject({
  Id: z.string().min(1),
  SyncToken: z.string().regex(/^\d+$/).optional(),
  DisplayName: z.string().optional(),
  CompanyName: z.string().optional(),
  GivenName: z.string().optional(),
  FamilyName: z.string().optional(),
  PrimaryEmailAddr: z.looseObject({ Address: z.string().optional() }).optional(),
  PrimaryPhone: z.looseObject({ FreeFormNumber: z.string().optional() }).optional(),
  BillAddr: z
    .looseObject({
      Line1: z.string().optional(),
      Line2: z.string().optional(),
      City: z.string().optional(),
      PostalCode: z.string().optional(),
      Country: z.string().optional(),
    })
    .optional(),
  MetaData: meta.optional(),
  status: z.string().optional(),
});
export type Customer = z.infer<typeof Customer>;

export const Payment = z.looseObject({
  Id: z.string().min(1),
  Line: z.array(z.looseObject({ LinkedTxn: z.array(linked).default([]) })).default([]),
  status: z.string().optional(),
});

export const CreditMemo = z.looseObject({
  Id: z.string().min(1),
  LinkedTxn: z.array(linked).default([]),
  Line: z.array(z.looseObject({ LinkedTxn: z.array(linked).optional() })).default([]),
  status: z.string().optional(),
});

export const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
});

export const LegacyPayload = z.object({
  eventNotifications: z.array(
    z.looseObject({
      realmId: z.string().min(1),
      dataChangeEvent: z.looseObject({
        entities: z.array(
          z.looseObject({
            name: z.string().min(1),
            id: z.string().min(1),
            operation: z.string().min(1),
            lastUpdated: z.string().optional(),
          }),
        ),
      }),
    }),
  ),
});

export const CloudEvent = z.looseObject({
  specversion: z.string(),
  id: z.string().min(1),
  type: z.string().min(1),
  time: z.string().optional(),
  intuitentityid: z.string().min(1),
  intuitaccountid: z.string().min(1),
});
export const CloudEventsPayload = z.array(CloudEvent).min(1);

/** [S] CDC: `{"CDCResponse":[{"QueryResponse":[{"Invoice":[…]},{"Payment":[…]},…]}]}`. */
export const CdcResponse = z.looseObject({
  CDCResponse: z.array(z.looseObject({ QueryResponse: z.array(z.record(z.string(), z.unknown())).default([]) })),
});

export const QueryResponse = z.looseObject({
  QueryResponse: z.looseObject({ Invoice: z.array(z.unknown()).default([]) }),
});
