/**
 * Keeps the import rules of STYLE.md §(c) true: dependency-cruiser walks every production folder with the
 * rules in .dependency-cruiser.cjs.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };
const FOLDERS = ['shared', 'functions', 'events', 'infra', 'local'].filter((f) =>
  existsSync(new URL(`../../${f}`, import.meta.url)),
);

async function run(forbidden: unknown[]): Promise<ICruiseResult> {
  const { output } = await cruise(FOLDERS, {
    ...config.options,
    validate: true,
    ruleSet: { forbidden } as never,
    exclude: { path: 'node_modules' },
  } as never);
  return output as ICruiseResult;
}

describe('import boundaries', () => {
  it('no production file breaks a rule', async () => {
    const result = await run(config.forbidden);
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
    // The walk really saw the tree, aliases resolved (an empty walk would pass vacuously).
    expect(result.summary.totalCruised).toBeGreaterThan(50);
    const unresolved = result.modules.flatMap((m) =>
      m.dependencies.filter((d) => d.couldNotResolve && d.module.startsWith('#')),
    );
    expect(unresolved).toEqual([]);
  });

  it('reports a forbidden import when one exists (the check is not vacuous)', async () => {
    const probe = {
      name: 'probe',
      severity: 'error',
      from: { path: '^shared/use-cases/' },
      to: { path: '^shared/domain/' },
    };
    const result = await run([probe]);
    expect(result.summary.violations.length).toBeGreaterThan(0);
  });
});
