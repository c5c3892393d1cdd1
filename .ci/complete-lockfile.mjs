#!/usr/bin/env node
// The package mirror this project is built against serves only the Linux builds of Biome's platform binaries,
// so `npm install` leaves the other platforms' optional packages out of package-lock.json, and `npm ci` then
// refuses the lock ("Missing: @biomejs/cli-darwin-arm64@ from lock file"). This adds the entries npm writes
// on a full registry (version, os, cpu, optional), which `npm ci` skips on non-matching platforms.
// Run it after `npm install` changes the lock: `node .ci/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const entry of Object.values(packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || !name.startsWith('@biomejs/cli-')) continue;
    const [os, cpu, libc] = name.replace('@biomejs/cli-', '').split('-');
    packages[key] = {
      version: entry.version,
      cpu: [cpu],
      dev: entry.dev,
      license: entry.license,
      optional: true,
      os: [os],
      engines: entry.engines,
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform entries added`);
