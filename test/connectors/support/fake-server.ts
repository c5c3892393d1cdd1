/** A fake provider API on 127.0.0.1 (port 0): route handlers by "METHOD /path", every request logged. */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: Uint8Array | string;
}

export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** Sets (or replaces) the handler of "METHOD /path" (path without query; `*` matches one segment). */
  on(route: string, handler: FakeHandler): void;
  close(): Promise<void>;
}

function matches(route: string, method: string, path: string): boolean {
  const [m, p = ''] = route.split(' ');
  if (m !== method) return false;
  const a = p.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((seg, i) => seg === '*' || seg === b[i]);
}

export async function startFakeServer(): Promise<FakeServer> {
  const routes = new Map<string, FakeHandler>();
  const requests: FakeRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(request);
    const handler = [...routes.entries()]
      .reverse()
      .find(([route]) => matches(route, request.method, request.path))?.[1];
    const reply: FakeReply = handler ? await handler(request) : { status: 404, json: { error: 'not_found' } };
    res.statusCode = reply.status ?? 200;
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    if (reply.json !== undefined) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply.json));
    } else res.end(reply.body ?? '');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (route, handler) => routes.set(route, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A replier that answers the given replies in turn, then repeats the last one. */
export function sequence(...replies: FakeReply[]): FakeHandler {
  let i = 0;
  return () => replies[Math.min(i++, replies.length - 1)] as FakeReply;
}

/** A tiny valid-looking PDF for the fakes to serve. */
export const pdfBytes = (label: string) => new TextEncoder().encode(`%PDF-1.4\n% ${label}\n%%EOF\n`);
