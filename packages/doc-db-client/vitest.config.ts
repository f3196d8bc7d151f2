import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // Every function the public entry reaches is called by some test over HTTP: the functions
    // of src/index.ts and what it imports (the simulator and the test helpers aside).
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/testing/**', 'src/test-support/**'],
      // The functions no test called, by file and line.
      reporter: [
        'text-summary',
        [fileURLToPath(new URL('../../scripts/uncovered-functions.cjs', import.meta.url)), {}],
      ],
      thresholds: { functions: 95 },
    },
  },
});
