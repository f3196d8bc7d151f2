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
      // Files below 100% and the line numbers of what no test ran.
      reporter: [['text', { skipFull: true }], 'text-summary'],
      thresholds: { functions: 95 },
    },
  },
});
