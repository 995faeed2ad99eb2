import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { buildManifest } from './lib/extension/manifest';
import { sourcesExcludes } from './scripts/zip-sources';

// Thin build configuration: the manifest itself is data in lib/extension/manifest.ts,
// so it can be unit-tested (permissions audit, host patterns) without a build.
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  outDir: '.output',
  manifest: ({ browser }) => buildManifest(browser),
  // The sources archive (for store review) holds committed sources only.
  zip: { excludeSources: sourcesExcludes(import.meta.dirname) },
  hooks: {
    // The popup page exists for the quick-log, but the icon opens the side panel: the background
    // sets the popup only when the team chooses so, or for a keyboard shortcut.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.action) delete manifest.action.default_popup;
      if (manifest.browser_action) delete manifest.browser_action.default_popup;
    },
  },
  vite: () => ({
    plugins: [preact()],
    // The options page's history-import worker is a module worker (MV3 pages allow them).
    worker: { format: 'es' },
  }),
});
