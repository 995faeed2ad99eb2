import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { buildManifest } from './lib/extension/manifest';

// Thin build configuration: the manifest itself is data in lib/extension/manifest.ts,
// so it can be unit-tested (permissions audit, host patterns) without a build.
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  outDir: '.output',
  manifest: ({ browser }) => buildManifest(browser),
  vite: () => ({
    plugins: [preact()],
  }),
});
