/** Provider payloads the fuzz suite mutates: the shapes the connector tests use (test/connectors/*-fixtures.ts). */
import { CHARGEBEE_EVENT_TYPES, cbEvent, contentFor } from '../../connectors/chargebee-fixtures.ts';
import { notif } from '../../connectors/sellsy-fixtures.ts';

export const SELLSY_NOTIFS = [
  notif('invoice', 13122621, 'updated', 1_763_888_400),
  notif('invoice', 13122621, 'created'),
  notif('client', 5783612, 'updated', 1_763_888_400),
  notif('payment', 99, 'created', 1_763_888_400),
  notif('creditnote', 42, 'created'),
];

export const QB_REALM = '310687';
export const QB_LEGACY = {
  eventNotifications: [
    {
      realmId: QB_REALM,
      dataChangeEvent: {
        entities: [
          { name: 'Invoice', id: '1234', operation: 'Update', lastUpdated: '2026-11-02T17:00:00.000Z' },
          { name: 'Payment', id: '77', operation: 'Create', lastUpdated: '2026-11-02T17:00:01.000Z' },
          { name: 'Customer', id: '58', operation: 'Merge' },
        ],
      },
    },
  ],
};
export const QB_CLOUD = [
  {
    specversion: '1.0',
    id: 'evt-1',
    source: 'intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=',
    type: 'qbo.invoice.updated.v1',
    datacontenttype: 'application/json',
    time: '2026-11-02T17:00:00.179851517Z',
    intuitentityid: '1234',
    intuitaccountid: QB_REALM,
    data: {},
  },
  {
    specversion: '1.0',
    id: 'evt-2',
    type: 'qbo.creditmemo.created.v1',
    intuitentityid: '9',
    intuitaccountid: '999',
  },
];

export const CB_EVENTS = CHARGEBEE_EVENT_TYPES.map((type, i) => cbEvent(`ev_${i}`, type, contentFor(type)));

export const qontoTx = {
  id: 'qonto-tx-1',
  transaction_id: 'tx-qonto-tx-1',
  amount: 1234.5,
  amount_cents: 123450,
  currency: 'EUR',
  side: 'credit',
  operation_type: 'transfer',
  status: 'completed',
  label: 'ACME SAS',
  clean_counterparty_name: 'Acme',
  reference: 'F-2026-077',
  settled_at: '2026-11-22T09:59:00.000Z',
  emitted_at: '2026-11-22T09:58:00.000Z',
  updated_at: '2026-11-22T10:00:00.000Z',
  transfer: { counterparty_account_number: 'FR7630006000011234567890189', counterparty_account_number_format: 'IBAN' },
};
export const QONTO_PAYLOADS = [
  { id: 'evt-q1', type: 'v1/transactions', data: { ...qontoTx, event: 'created' } },
  { id: 'evt-q2', type: 'v1/transactions', data: { ...qontoTx, id: 'qonto-tx-2', side: 'debit', status: 'pending' } },
];
