import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/slow/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Emulator-backed suites each start their own servers on port 0; two workers suit the 2-core machine.
    maxWorkers: 2,
  },
});
