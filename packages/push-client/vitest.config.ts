import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // Function coverage of the public entry (everything src/index.ts reaches; the /testing
    // simulator is not part of it): every exported function and method is called by a test.
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/*.test-util.ts', 'src/testing/**', 'src/index.ts'],
      reporter: [
        'text-summary',
        fileURLToPath(new URL('../../scripts/uncovered-functions.cjs', import.meta.url)),
      ],
      thresholds: { functions: 95 },
    },
  },
});
