import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PDF rendering and parsing take a moment on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
