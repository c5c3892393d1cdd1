/**
 * The outside world of the ingest bench, in its own process (forked by run.ts) so that sending the load never
 * competes with the stack's event loop: the providers' fake APIs the worker reads (Chargebee, Sellsy and its file
 * host, on 127.0.0.1) and the load generator, which sends the planned webhooks (or GET /health, the baseline)
 * with bounded concurrency over keep-alive connections until a time or a count is reached.
 *
 * Protocol (IPC): run.ts sends `start` (the plan's options) and gets `ready` with the fakes' URLs; then `load`
 * requests, each answered by `loaded`; `stop` closes the fakes and exits.
 */
import { Agent, request } from 'node:http';
import { basic, CB_PASSWORD, CB_USER } from '../../test/connectors/chargebee-fixtures.ts';
import { fakeSellsy, SECRET } from '../../test/connectors/sellsy-fixtures.ts';
import { type FakeServer, pdfBytes, startFakeServer } from '../../test/connectors/support/fake-server.ts';
import { chargebeeBody, type Dates, sellsyBody, sellsyCompany, sellsyInvoice } from './payloads.ts';
import { type Delivery, type DeliveryPlan, type PlanOptions, planDeliveries } from './plan.ts';

export type ClientRequest =
  | { type: 'start'; plan: PlanOptions; dates: Dates }
  | {
      type: 'load';
      target: 'health' | 'webhooks';
      url: string;
      concurrency: number;
      /** Stop starting requests after this long (ms) … */
      durationMs: number;
      /** … or after this many, whichever comes first. */
      maxRequests: number;
      /** Webhooks: the first delivery to send (the plan goes on where the previous run stopped). */
      from?: number;
    }
  | { type: 'stop' };

export type ClientReply =
  | { type: 'ready'; chargebeeUrl: string; sellsyApiUrl: string; sellsyFilesUrl: string }
  | {
      type: 'loaded';
      /** Latencies (ms) of the requests answered 2xx. */
      latencies: number[];
      errors: number;
      /** Answers by HTTP status ("ECONNRESET" etc. for transport errors). */
      statuses: Record<string, number>;
      seconds: number;
      /** Webhooks: the plan's index after the last delivery sent. */
      next: number;
      /** Webhooks: the events the routes stored as new and answered as duplicates ({received, duplicates}). */
      received: number;
      duplicates: number;
    }
  | { type: 'failed'; message: string };

let plan: DeliveryPlan | undefined;
let dates: Dates | undefined;
const fakes: FakeServer[] = [];
let sellsy: ReturnType<typeof fakeSellsy> | undefined;
let files: FakeServer | undefined;
/** Sellsy invoices' newest version served so far (the fake serves what the newest webhook announced). */
const served = new Map<number, number>();

const reply = (message: ClientReply) => process.send?.(message);

async function startFakes(): Promise<ClientReply> {
  const chargebee = await startFakeServer();
  chargebee.on('POST /api/v2/invoices/*/pdf', (req) => ({
    json: {
      download: {
        download_url: `${chargebee.url}/files/${req.path.split('/')[4]}.pdf?sig=bench`,
        valid_till: 1893456000,
        mime_type: 'application/pdf',
      },
    },
  }));
  chargebee.on('GET /files/*', (req) => ({ headers: { 'content-type': 'application/pdf' }, body: pdfBytes(req.path) }));
  // The catch-up sync at start: nothing changed before the bench.
  chargebee.on('GET /api/v2/invoices', () => ({ json: { list: [] } }));
  const api = await startFakeServer();
  files = await startFakeServer();
  sellsy = fakeSellsy(api, files);
  api.on(
    'POST /v2/invoices/search',
    sellsy.authed(() => ({ json: { data: [], pagination: { offset: null } } })),
  );
  fakes.push(chargebee, api, files);
  // The request logs would grow with every call the worker makes: not kept.
  for (const fake of fakes) fake.requests.push = () => 0;
  return { type: 'ready', chargebeeUrl: chargebee.url, sellsyApiUrl: api.url, sellsyFilesUrl: files.url };
}

/** The Sellsy fake answers with the newest version announced: set just before the webhook that announces it. */
function serveSellsy(delivery: Delivery): void {
  if (!plan || !dates || !sellsy || !files) return;
  const inv = plan.invoices[delivery.invoice];
  if (inv?.provider !== 'sellsy') return;
  const id = Number(inv.externalId);
  if ((served.get(id) ?? -1) >= delivery.version) return;
  served.set(id, delivery.version);
  sellsy.state.invoices.set(inv.externalId, sellsyInvoice(inv, delivery.version, dates, files.url));
  if (!sellsy.state.companies.has(inv.customer)) {
    const { company, contact } = sellsyCompany(inv.customer);
    sellsy.state.companies.set(inv.customer, company);
    sellsy.state.contacts.set(String(contact.id), contact);
  }
}

interface Outgoing {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function webhookRequest(delivery: Delivery): Outgoing {
  if (!plan || !dates) throw new Error('no plan');
  const inv = plan.invoices[delivery.invoice];
  if (!inv) throw new Error(`no invoice ${delivery.invoice}`);
  // A duplicate is the same delivery again: same version, so the same bytes.
  if (inv.provider === 'chargebee') {
    return {
      method: 'POST',
      path: '/webhooks/chargebee',
      headers: { 'content-type': 'application/json', authorization: basic(CB_USER, CB_PASSWORD) },
      body: chargebeeBody(inv, delivery, dates),
    };
  }
  serveSellsy(delivery);
  return {
    method: 'POST',
    path: `/webhooks/sellsy/${SECRET}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Sellsy Webhook' },
    body: sellsyBody(inv, delivery, dates),
  };
}

function send(agent: Agent, base: URL, out: Outgoing): Promise<{ status: number | string; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: out.method,
        path: out.path,
        headers:
          out.body === undefined ? out.headers : { ...out.headers, 'content-length': Buffer.byteLength(out.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: e.code ?? 'error', body: '', ms: 0 }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: e.code ?? 'error', body: '', ms: 0 }));
    req.end(out.body);
  });
}

async function load(msg: Extract<ClientRequest, { type: 'load' }>): Promise<ClientReply> {
  const base = new URL(msg.url);
  const agent = new Agent({ keepAlive: true, maxSockets: msg.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let received = 0;
  let duplicates = 0;
  const from = msg.from ?? 0;
  const limit =
    msg.target === 'webhooks' ? Math.min(msg.maxRequests, (plan?.deliveries.length ?? 0) - from) : msg.maxRequests;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + msg.durationMs;
  const worker = async () => {
    while (started < limit && performance.now() < deadline) {
      const i = started++;
      const out: Outgoing =
        msg.target === 'health'
          ? { method: 'GET', path: '/health', headers: {} }
          : webhookRequest(plan?.deliveries[from + i] as Delivery);
      const res = await send(agent, base, out);
      statuses[String(res.status)] = (statuses[String(res.status)] ?? 0) + 1;
      if (typeof res.status === 'number' && res.status >= 200 && res.status < 300) {
        latencies.push(res.ms);
        if (msg.target === 'webhooks') {
          const answer = JSON.parse(res.body) as { received?: number; duplicates?: number };
          received += answer.received ?? 0;
          duplicates += answer.duplicates ?? 0;
        }
      } else errors++;
    }
  };
  await Promise.all(Array.from({ length: msg.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { type: 'loaded', latencies, errors, statuses, seconds, next: from + started, received, duplicates };
}

process.on('message', (raw) => {
  const msg = raw as ClientRequest;
  void (async () => {
    try {
      if (msg.type === 'start') {
        plan = planDeliveries(msg.plan);
        dates = msg.dates;
        reply(await startFakes());
      } else if (msg.type === 'load') reply(await load(msg));
      else {
        await Promise.all(fakes.map((f) => f.close()));
        process.disconnect?.();
        process.exit(0);
      }
    } catch (error) {
      reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
