import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // Function coverage of src, /testing included (the simulators are public API too): every
    // exported function and method is called by some test. The second report lists the
    // functions no test called.
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      // no-undici-child.ts is a test's child process: it runs outside the measured process.
      exclude: [
        'src/**/*.test.ts',
        'src/index.ts',
        'src/testing/index.ts',
        'src/internal/no-undici-child.ts',
      ],
      reporter: [
        ['text-summary'],
        [fileURLToPath(new URL('../../scripts/uncovered-functions.cjs', import.meta.url)), {}],
      ],
      thresholds: { lines: 95, functions: 95, branches: 85, statements: 93 },
    },
  },
});
