import { defineConfig } from 'vitest/config';

// For IDE and one-shot runs across the repo; CI goes through turbo (each package's own config).
export default defineConfig({
  test: { projects: ['packages/*', 'apps/*', 'tests/*', 'examples'] },
});
