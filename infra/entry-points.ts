/**
 * Lambda entry points, named by path only: infra bundles these files but never imports them (STYLE.md §c).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: esbuild resolves `#shared/*` from its package.json `imports`. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Whether `functions/<name>.handler.ts` exists (for an entry point that is still being written). */
export function hasEntryPoint(name: string): boolean {
  return existsSync(join(PROJECT_ROOT, 'functions', `${name}.handler.ts`));
}

/** `functions/<name>.handler.ts`, checked to exist so a typo fails the synth with a clear message. */
export function entryPoint(name: string): string {
  const path = join(PROJECT_ROOT, 'functions', `${name}.handler.ts`);
  if (!existsSync(path)) throw new Error(`no entry point ${path}`);
  return path;
}
