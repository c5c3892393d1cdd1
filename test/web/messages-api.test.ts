/**
 * `/api/templates`, `/api/tasks` and the dashboard's tasks, SMS outbox and template editor pages, over the Hono
 * app in-process on a real dynalite table: 422 naming unknown placeholders, letter posted / call outcome through
 * the API and through CSRF-protected forms, the editor's live preview.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskChannel, taskIdFor } from '#shared/adapters/channels/task-channels.ts';
import { DynamoTaskRepository } from '#shared/adapters/dynamodb/task-repository.ts';
import { DynamoTemplateRepository } from '#shared/adapters/dynamodb/template-repository.ts';
import { LocalSmsOutbox } from '#shared/adapters/local/sms-outbox.ts';
import { BUILT_IN_TEMPLATES } from '#shared/domain/messages/templates.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import { createApp } from '#shared/web/app.ts';
import { issueSession, SESSION_COOKIE } from '#shared/web/auth.ts';
import { CSRF_FIELD, csrfToken } from '#shared/web/csrf.ts';
import { message } from '../adapters/messages/fixtures.ts';
import { body, TEST_TOKEN } from '../support/app.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

class MemoryBlobs implements BlobStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(key: string, data: Uint8Array, contentType: string) {
    this.objects.set(key, { body: data, contentType });
  }
  async get(key: string) {
    return this.objects.get(key);
  }
}

let table: TestTable;
let app: ReturnType<typeof createApp>;
let tasks: DynamoTaskRepository;
const clock = fixedClock('2026-11-23T09:00:00Z');
const blobs = new MemoryBlobs();

const api = (path: string, init: RequestInit & { json?: unknown } = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${TEST_TOKEN}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return app.request(path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
};

const session = issueSession(TEST_TOKEN, Math.floor(Date.now() / 1000));
const form = (path: string, fields: Record<string, string>, withToken = true) =>
  app.request(path, {
    method: 'POST',
    headers: { cookie: `${SESSION_COOKIE}=${session}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, ...(withToken ? { [CSRF_FIELD]: csrfToken(TEST_TOKEN, session) } : {}) }),
  });
const page = (path: string) => app.request(path, { headers: { cookie: `${SESSION_COOKIE}=${session}` } });

beforeAll(async () => {
  table = await startTestTable();
  tasks = new DynamoTaskRepository(table.db, table.tableName);
  const outbox = new LocalSmsOutbox(table.db, table.tableName, clock);
  await outbox.send({
    to: '+33612345678',
    text: 'Atelier: 2 facture(s) https://x/p',
    reference: 'r-sms',
    customerId: 'cus_test',
  });
  app = createApp({
    ...table.stores,
    clock,
    config: { apiToken: TEST_TOKEN, timeZone: 'Europe/Paris', maxBodyBytes: 256 * 1024 },
    messages: {
      templates: new DynamoTemplateRepository(table.db, table.tableName),
      tasks,
      smsOutbox: outbox,
      blobs,
    },
  });
});
afterAll(async () => {
  await table?.close();
});

describe('/api/templates', () => {
  it('lists ours for every default step and language, with the placeholder list', async () => {
    const res = await api('/api/templates');
    expect(res.status).toBe(200);
    const json = await body(res);
    expect(json.templates).toHaveLength(16);
    expect(json.templates[0]).toMatchObject({ id: 'courtesy', language: 'fr', custom: false });
    expect(json.placeholders).toContain('contact.firstName');
  });

  it('answers 422 naming unknown placeholders, and stores nothing', async () => {
    const template = { ...BUILT_IN_TEMPLATES.fr.friendly, body: 'Bonjour {{contact.prenom}}, {{totals.solde}}' };
    const res = await api('/api/templates/friendly/fr', { method: 'PUT', json: template });
    expect(res.status).toBe(422);
    const json = await body(res);
    expect(json.error.code).toBe('UNKNOWN_PLACEHOLDER');
    expect(json.error.message).toBe('body: unknown placeholders {{contact.prenom}}, {{totals.solde}}');
    expect(json.error.details).toEqual([
      { field: 'body', message: 'unknown placeholder(s): {{contact.prenom}}, {{totals.solde}}' },
    ]);
    expect((await body(await api('/api/templates/friendly/fr'))).custom).toBe(false);
  });

  it('stores a company template (one, or several all-or-nothing) and resets it', async () => {
    const template = { ...BUILT_IN_TEMPLATES.fr.friendly, closing: 'Merci, {{sender.name}}' };
    const res = await api('/api/templates/friendly/fr', { method: 'PUT', json: template });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ id: 'friendly', language: 'fr', custom: true, template });
    const bulk = await api('/api/templates', {
      method: 'PUT',
      json: {
        templates: [
          { id: 'formal', language: 'en', ...BUILT_IN_TEMPLATES.en.formal, closing: 'Regards' },
          { id: 'penalties', language: 'en', ...BUILT_IN_TEMPLATES.en.penalties, closing: '{{oops}}' },
        ],
      },
    });
    expect(bulk.status).toBe(422);
    expect((await body(await api('/api/templates/formal/en'))).custom).toBe(false);
    expect((await api('/api/templates/friendly/fr', { method: 'DELETE' })).status).toBe(204);
    expect((await body(await api('/api/templates/friendly/fr'))).custom).toBe(false);
    expect((await api('/api/templates/nope/fr')).status).toBe(404);
    expect((await api('/api/templates/friendly/de')).status).toBe(422);
  });
});

describe('/api/tasks', () => {
  it('lists open tasks and records a call outcome', async () => {
    const msg = message('call');
    await new TaskChannel({ tasks, clock }).deliver(msg);
    const list = await body(await api('/api/tasks?kind=call'));
    expect(list.items.map((t: { id: string }) => t.id)).toContain(taskIdFor(msg.id));
    const bad = await api(`/api/tasks/${taskIdFor(msg.id)}/outcome`, { method: 'POST', json: { kind: 'dispute' } });
    expect(bad.status).toBe(400);
    const res = await api(`/api/tasks/${taskIdFor(msg.id)}/outcome`, {
      method: 'POST',
      json: { kind: 'no_answer', note: 'messagerie' },
    });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ state: 'done', outcome: { kind: 'no_answer', note: 'messagerie' } });
    expect((await body(await api('/api/tasks?state=done'))).items.map((t: { id: string }) => t.id)).toContain(
      taskIdFor(msg.id),
    );
  });

  it('marks a letter posted', async () => {
    const task = await tasks.create({
      id: 'task_letter1',
      kind: 'registered_letter',
      customerId: 'cus_test',
      customerName: 'Boulangeries Martin & Fils SAS',
      invoiceIds: [],
      reminderId: 'cus_test:registered_letter:2026-11-23',
      stepId: 'formal-notice',
      title: 'Mise en demeure',
      script: '',
      letterKey: 'letters/cus_test/x.pdf',
      state: 'open',
      createdAt: '2026-11-23T09:00:00.000Z',
    });
    const missing = await api(`/api/tasks/${task.id}/posted`, { method: 'POST', json: { postedAt: '2026-11-24' } });
    expect(missing.status).toBe(422);
    const res = await api(`/api/tasks/${task.id}/posted`, {
      method: 'POST',
      json: { postedAt: '2026-11-24', trackingNumber: '1A23456789012' },
    });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ state: 'done', postedAt: '2026-11-24', trackingNumber: '1A23456789012' });
    expect(
      (await api('/api/tasks/task_unknown/posted', { method: 'POST', json: { postedAt: '2026-11-24' } })).status,
    ).toBe(404);
  });
});

describe('dashboard pages', () => {
  it('shows the tasks to post, to call and to decide, and the letter PDF', async () => {
    blobs.objects.set('letters/cus_test/l2.pdf', {
      body: new Uint8Array([37, 80, 68, 70]),
      contentType: 'application/pdf',
    });
    await tasks.create({
      id: 'task_letter2',
      kind: 'letter',
      customerId: 'cus_test',
      customerName: 'Boulangeries <Martin>',
      invoiceIds: ['inv_test1'],
      reminderId: 'cus_test:letter:2026-11-23',
      stepId: 'last-notice',
      title: 'Dernier rappel',
      script: '',
      letterKey: 'letters/cus_test/l2.pdf',
      state: 'open',
      createdAt: '2026-11-23T09:00:00.000Z',
    });
    await new TaskChannel({ tasks, clock }).deliver({ ...message('call'), id: 'cus_test:call_task:2026-11-24' });
    const res = await page('/tasks');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Courriers à poster');
    expect(html).toContain('Appels à passer');
    expect(html).toContain('Boulangeries &lt;Martin&gt;');
    expect(html).toContain('href="tel:06 12 34 56 78"');
    expect(html).toContain(`name="${CSRF_FIELD}" value="${csrfToken(TEST_TOKEN, session)}"`);
    const pdf = await page('/tasks/task_letter2/letter.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(new Uint8Array([37, 80, 68, 70]));
  });

  it('form posts need the CSRF token', async () => {
    const refused = await form('/tasks/task_letter2/posted', { postedAt: '2026-11-24' }, false);
    expect(refused.status).toBe(403);
    expect((await tasks.get('task_letter2'))!.task.state).toBe('open');
    const ok = await form('/tasks/task_letter2/posted', { postedAt: '2026-11-24', trackingNumber: '' });
    expect(ok.status).toBe(303);
    expect((await tasks.get('task_letter2'))!.task).toMatchObject({ state: 'done', postedAt: '2026-11-24' });
    const outcome = await form(`/tasks/${taskIdFor('cus_test:call_task:2026-11-24')}/outcome`, {
      kind: 'dispute',
      reason: '',
    });
    expect(outcome.status).toBe(422);
    expect(await outcome.text()).toContain('reason');
  });

  it('shows the SMS outbox', async () => {
    const html = await (await page('/sms')).text();
    expect(html).toContain('+33612345678');
    expect(html).toContain('Atelier: 2 facture(s) https://x/p');
  });

  it('edits a template with a live preview, refusing unknown placeholders', async () => {
    const editor = await page('/templates/friendly/fr');
    expect(editor.status).toBe(200);
    const html = await editor.text();
    expect(html).toContain('srcdoc="');
    expect(html).toContain('Bonjour Marie,');
    expect(html).toContain('{{contact.firstName}}');

    const draft = { ...BUILT_IN_TEMPLATES.fr.friendly, closing: 'À très vite, {{sender.name}} !' };
    const preview = await form('/templates/friendly/fr', { ...draft, action: 'preview' });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('À très vite, Service comptabilité !');
    expect((await body(await api('/api/templates/friendly/fr'))).custom).toBe(false);

    const wrong = await form('/templates/friendly/fr', { ...draft, closing: 'Ciao {{sender.surnom}}', action: 'save' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('closing: unknown placeholder {{sender.surnom}}');

    const saved = await form('/templates/friendly/fr', { ...draft, action: 'save' });
    expect(saved.status).toBe(303);
    expect((await body(await api('/api/templates/friendly/fr'))).template.closing).toBe(
      'À très vite, {{sender.name}} !',
    );
    const list = await (await page('/templates')).text();
    expect(list).toContain('personnalisé');
  });
});
