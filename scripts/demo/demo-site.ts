// The bundled demo: two Pipedrive deals of a made-up company, served at a real Pipedrive URL so
// the extension runs exactly as it would on a customer's account. A small script in the page
// swaps deals with history.pushState, like the real single-page app.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const here = import.meta.dirname;

export const DEMO_ORIGIN = 'https://brightwave.pipedrive.com';
export const DEMO_DEALS = [
  { url: `${DEMO_ORIGIN}/deal/1482`, file: 'deal-1482.html' },
  { url: `${DEMO_ORIGIN}/deal/1519`, file: 'deal-1519.html' },
] as const;

const navigationScript = readFileSync(resolve(here, 'spa-navigation.js'), 'utf8');
/** Pipedrive's look for the demo (the pages' own style block only lays them out). */
const look = readFileSync(resolve(here, 'pipedrive-look.css'), 'utf8');

/** Page HTML by URL, each with Pipedrive's look and the in-app navigation script added. */
export function demoPages(): Record<string, string> {
  const bodies = Object.fromEntries(
    DEMO_DEALS.map((deal) => [new URL(deal.url).pathname, readFileSync(resolve(here, deal.file), 'utf8')]),
  );
  const bundle = `<script>window.__demoPages=${JSON.stringify(bodies).replace(/</g, '\\u003c')};${navigationScript}</script>`;
  return Object.fromEntries(
    DEMO_DEALS.map((deal) => {
      const html = bodies[new URL(deal.url).pathname]!;
      return [deal.url, html.replace('</head>', `<style>${look}</style></head>`).replace('</body>', `${bundle}</body>`)];
    }),
  );
}
