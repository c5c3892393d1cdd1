/**
 * `npm start` (add `-- --demo`, or `npm run demo`, to load the demo dataset). Starts the local stack, prints
 * where everything is and the API token, and stops cleanly on Ctrl-C.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dateInZone } from '#shared/domain/calendar-date.ts';
import { loadLocalConfig } from './config.ts';
import { seedDemo } from './demo-data.ts';
import { startLocalStack } from './stack.ts';

async function main(): Promise<void> {
  const config = loadLocalConfig();
  const stack = await startLocalStack(config);
  const marker = join(config.dataDir, 'demo-seeded');
  if (process.argv.includes('--demo') && !existsSync(marker)) {
    process.stdout.write('Loading the demo dataset…\n');
    const summary = await seedDemo(stack.deps, dateInZone(stack.clock.now(), config.timeZone));
    writeFileSync(marker, JSON.stringify(summary));
    process.stdout.write(
      `  ${summary.customers} customers, ${summary.invoices} invoices: ${JSON.stringify(summary.byState)}\n`,
    );
  }
  process.stdout.write(
    [
      '',
      'Relance is running (local stack, 127.0.0.1 only)',
      `  Dashboard   ${stack.url}/`,
      `  API         ${stack.url}/api  (Authorization: Bearer <token>)`,
      `  Mailbox     ${stack.mailboxUrl}/   (JSON: ${stack.url}/dev/mailbox)`,
      `  Clock       POST ${stack.url}/dev/clock {"advance":"P10D"}`,
      `  API token   ${config.apiToken}${config.tokenGenerated ? '  (generated, kept in the data folder)' : ''}`,
      `  Data        ${config.dataDir}`,
      '',
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
