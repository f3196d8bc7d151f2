import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    coverage: {
      enabled: true,
      provider: 'v8',
      // The public entries and everything they reach: every function a user can call is called by a test.
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/test-support/**'],
      // Each function no test called, by name, then the totals.
      reporter: [
        fileURLToPath(new URL('../../scripts/uncovered-functions.cjs', import.meta.url)),
        'text-summary',
      ],
      thresholds: { functions: 95 },
    },
  },
});
