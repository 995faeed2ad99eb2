import { defineConfig } from 'vitest/config';

// Real-browser tests: Chromium with the built extension (.output/chrome-mv3). One file at a time:
// each launches its own browser, and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A state a test waits for (expect.poll) gets fifteen seconds, not vitest's one: on a loaded
    // two-core machine a page's turn can take seconds, and waiting costs nothing when it comes sooner.
    expect: { poll: { timeout: 15_000 } },
  },
});
