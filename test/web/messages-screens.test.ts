/**
 * The tasks page and the template editor as a person sees them, in headless Chromium (screenshots in
 * test/output/ to look at): no horizontal overflow on a phone, the editor's preview frame filled.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LetterChannel, TaskChannel } from '#shared/adapters/channels/task-channels.ts';
import { DynamoTaskRepository } from '#shared/adapters/dynamodb/task-repository.ts';
import { DynamoTemplateRepository } from '#shared/adapters/dynamodb/template-repository.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import { createApp } from '#shared/web/app.ts';
import { message } from '../adapters/messages/fixtures.ts';
import { TEST_TOKEN } from '../support/app.ts';
import { launchChromium, OUTPUT_DIR } from '../support/browser.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

const blobs: BlobStore = { put: async () => {}, get: async () => undefined };
let table: TestTable;
let browser: Browser;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  [table, browser] = await Promise.all([startTestTable(), launchChromium()]);
  const clock = fixedClock('2026-11-23T09:00:00Z');
  const tasks = new DynamoTaskRepository(table.db, table.tableName);
  app = createApp({
    ...table.stores,
    clock,
    config: { apiToken: TEST_TOKEN, timeZone: 'Europe/Paris', maxBodyBytes: 256 * 1024 },
    messages: { templates: new DynamoTemplateRepository(table.db, table.tableName), tasks, blobs },
  });
  const channel = new TaskChannel({ tasks, clock, assignee: 'Claire' });
  await channel.deliver(message('call'));
  await channel.deliver(message('collection-or-write-off'));
  await new LetterChannel({ tasks, clock, blobs }).deliver(message('formal-notice'));
});
afterAll(async () => {
  await Promise.all([table?.close(), browser?.close()]);
});

async function shoot(path: string, width: number, file: string) {
  const res = await app.request(path, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
  expect(res.status).toBe(200);
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  try {
    await page.route('**/*', (route) => route.abort());
    await page.setContent(await res.text(), { waitUntil: 'load' });
    await page.screenshot({ path: join(OUTPUT_DIR, file), fullPage: true });
    return (await page.evaluate('document.documentElement.scrollWidth')) as number;
  } finally {
    await page.close();
  }
}

describe('messages pages in Chromium', () => {
  it('tasks page fits a phone', async () => {
    expect(await shoot('/tasks', 375, 'dashboard-tasks-375.png')).toBeLessThanOrEqual(375);
    await shoot('/tasks', 1280, 'dashboard-tasks-1280.png');
  });

  it('template editor with its preview', async () => {
    expect(await shoot('/templates/penalties/fr', 1280, 'dashboard-template-editor-1280.png')).toBeLessThanOrEqual(
      1280,
    );
  });
});
