/**
 * Sellsy API v2 shapes for the tests, modelled on the recorded invoice of INTEGRATIONS.md §1.2 (ids as integers,
 * amounts as 3-decimal strings, `null` for empty fields), and a fake Sellsy: token endpoint, API, file host.
 */
import { type FakeReply, type FakeRequest, type FakeServer, pdfBytes } from './support/fake-server.ts';

export const SECRET = 'sellsy-path-secret-0123456789';
export const CLIENT_ID = 'client-id-123';
export const CLIENT_SECRET = 'client-secret-xyz';
export const COMPANY_ID = 5783612;
export const DUNNING_CONTACT_ID = 4209873;
export const INVOICING_CONTACT_ID = 4209872;

export type Json = Record<string, unknown>;

export function slInvoice(files: string, overrides: Json = {}): Json {
  const id = (overrides.id as number | undefined) ?? 13122621;
  return {
    id,
    number: `F-2611-${id}`,
    status: 'due',
    date: '2026-11-02',
    due_date: '2026-12-02',
    created: '2026-11-02T11:46:11+01:00',
    subject: 'Prestation',
    currency: 'EUR',
    related: [
      { type: 'company', id: COMPANY_ID },
      { type: 'contact', id: INVOICING_CONTACT_ID },
    ],
    amounts: {
      total_raw_excl_tax: '2100.000',
      total_excl_tax: '2100.000',
      total_incl_tax: '2520.000',
      total_remaining_due_incl_tax: '2520.000',
      total_primes_incl_tax: '0.000',
    },
    taxes: [{ label: 'TVA 20%', id: 2016322, rate: '20.000000000', amount: '420.000' }],
    pdf_link: `${files}/?id=${id}&key=k-${id}&display=Y`,
    public_link: { enabled: false, url: 'https://sellsy.link/x' },
    contact_id: INVOICING_CONTACT_ID,
    owner: { id: 69391, type: 'staff' },
    decimal_number: { main: 3, quantity: 3, unit_price: 3 },
    subscription_id: null,
    is_deposit: false,
    last_payment: null,
    ...overrides,
  };
}

export function slCompany(overrides: Json = {}): Json {
  return {
    id: COMPANY_ID,
    type: 'client',
    name: 'Bistro Dupont SARL',
    email: 'contact@bistro.example',
    phone_number: '+33 1 00 00 00 00',
    mobile_number: null,
    website: null,
    legal_france: {
      siret: '30326504500011',
      siren: '303265045',
      vat: 'FR40303265045',
      ape_naf_code: '5610A',
      company_type: 'SARL',
      rcs_immatriculation: 'RCS Paris',
    },
    dunning_contact_id: DUNNING_CONTACT_ID,
    invoicing_contact_id: INVOICING_CONTACT_ID,
    main_contact_id: INVOICING_CONTACT_ID,
    ...overrides,
  };
}

export const slContacts: Record<number, Json> = {
  [DUNNING_CONTACT_ID]: {
    id: DUNNING_CONTACT_ID,
    civility: 'mrs',
    first_name: 'Marie',
    last_name: 'Dupont',
    email: 'relances@bistro.example',
    phone_number: '+33 1 23 45 67 89',
    mobile_number: null,
    position: 'Comptable',
  },
  [INVOICING_CONTACT_ID]: {
    id: INVOICING_CONTACT_ID,
    civility: 'mr',
    first_name: 'Paul',
    last_name: 'Martin',
    email: 'factures@bistro.example',
    phone_number: null,
    mobile_number: '+33 6 00 00 00 00',
  },
};

/** The form body Sellsy posts: one field `notif` holding JSON text. */
export const notifForm = (notif: Json): string => new URLSearchParams({ notif: JSON.stringify(notif) }).toString();

export const notif = (relatedtype: string, relatedid: number | string, event: string, timestamp?: number): Json => ({
  event,
  relatedtype,
  relatedid: String(relatedid),
  ownertype: 'staff',
  ownerid: '69391',
  corpid: '1234',
  ...(timestamp !== undefined ? { timestamp: String(timestamp) } : {}),
});

/**
 * A fake Sellsy. Records live in maps the tests change; every API route checks the Bearer token against the
 * tokens issued (a test can revoke them all); the file host is a second server, as file.sellsy.com is.
 */
export function fakeSellsy(api: FakeServer, files: FakeServer) {
  const state = {
    invoices: new Map<string, Json>(),
    companies: new Map<string, Json>([[String(COMPANY_ID), slCompany()]]),
    individuals: new Map<string, Json>(),
    contacts: new Map<string, Json>(Object.entries(slContacts).map(([k, v]) => [k, v])),
    payments: new Map<string, Json>(),
    creditNotes: new Map<string, Json>(),
    issued: 0,
    valid: new Set<string>(),
    expiresIn: 86_400,
  };
  const authed =
    (handler: (req: FakeRequest) => FakeReply | Promise<FakeReply>) =>
    (req: FakeRequest): FakeReply | Promise<FakeReply> => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !state.valid.has(token))
        return { status: 401, json: { error: { code: 401, message: 'unauthorized' } } };
      return handler(req);
    };
  const byId = (map: Map<string, Json>) =>
    authed((req) => {
      const found = map.get(req.path.split('/').pop() ?? '');
      return found ? { json: found } : { status: 404, json: { error: { code: 404, message: 'not found' } } };
    });

  api.on('POST /oauth2/access-tokens', (req) => {
    const form = new URLSearchParams(req.body);
    if (
      !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded') ||
      form.get('grant_type') !== 'client_credentials' ||
      form.get('client_id') !== CLIENT_ID ||
      form.get('client_secret') !== CLIENT_SECRET
    ) {
      return { status: 401, json: { error: 'invalid_client' } };
    }
    state.issued++;
    const token = `access-${state.issued}`;
    state.valid.add(token);
    return { json: { token_type: 'Bearer', expires_in: state.expiresIn, access_token: token } };
  });
  api.on('GET /v2/invoices/*', byId(state.invoices));
  api.on('GET /v2/companies/*', byId(state.companies));
  api.on('GET /v2/individuals/*', byId(state.individuals));
  api.on('GET /v2/contacts/*', byId(state.contacts));
  api.on('GET /v2/payments/*', byId(state.payments));
  api.on('GET /v2/credit-notes/*', byId(state.creditNotes));
  files.on('GET /', (req) => ({
    headers: { 'content-type': 'application/pdf' },
    body: pdfBytes(`sellsy-${req.query.get('id')}-${req.query.get('key')}`),
  }));
  return { state, authed };
}
