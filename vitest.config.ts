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
    testTimeout: 20_000,
  },
});
