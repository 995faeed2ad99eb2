import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import preact from '@preact/preset-vite';

// Unit and component tests. Real-browser tests live in test/e2e and run with their own runner
// (scripts/test-e2e.ts) against the built extension.
export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['test/setup.ts'],
    // A limit for a test that hangs, not a speed bound: a loaded two-core machine runs the heavy ones several times slower.
    testTimeout: 60_000,
    // A state a test waits for (expect.poll) gets ten seconds, not vitest's one: a loaded machine
    // can take that long to reach it, and waiting costs nothing when it comes sooner.
    expect: { poll: { timeout: 10_000 } },
  },
});
