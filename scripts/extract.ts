// extract: reads a saved CRM deal page the way the content script does and prints the DealSnapshot.
//
//   tsx scripts/extract.ts --url URL FILE.html [--verbose]
//
// stdout: exactly one JSON line (keys in contract order). Exit codes: 0 ok; 1 bad arguments or
// unreadable file; 2 the URL is not a deal page of a supported CRM (one-line reason on stderr);
// 3 the page's active view shows another record than the URL. Field warnings go to stderr with --verbose.

import { readFile, realpath } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Window } from 'happy-dom';
import { detectDeal } from '../lib/crm/index';
import type { FieldWarning } from '../lib/crm/types';
import type { DealSnapshot } from '../lib/model/deal';

/**
 * Parses a whole saved page at `url` with happy-dom: no scripts, no stylesheets, no navigation.
 * happy-dom's parser ignores declarative shadow DOM (`<template shadowrootmode>`), so the templates
 * are attached as shadow roots afterwards, as a browser's parser would have done.
 */
export function loadDocument(html: string, url: string): { document: Document; close: () => Promise<void> } {
  const window = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: false,
      disableJavaScriptFileLoading: true,
      enableCSSFileLoading: false,
      enableImageFileLoading: false,
      enableIframePageLoading: false,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    },
  });
  const document = window.document as unknown as Document;
  document.write(html);
  attachDeclarativeShadowRoots(document);
  return { document, close: () => window.happyDOM.close() };
}

/** Turns every `<template shadowrootmode="open|closed">` into a shadow root of its parent (nested ones too). */
export function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const template of Array.from(root.querySelectorAll('template[shadowrootmode]')) as HTMLTemplateElement[]) {
    const host = template.parentElement;
    const mode = template.getAttribute('shadowrootmode');
    if (!host || host.shadowRoot || (mode !== 'open' && mode !== 'closed')) continue;
    const shadow = host.attachShadow({ mode });
    shadow.appendChild(template.content);
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}

export type ExtractResult = { ok: true; snapshot: DealSnapshot } | { ok: false; code: 2 | 3; reason: string };

/** The CLI's work without the process around it. */
export async function extract(html: string, url: string, warn?: FieldWarning): Promise<ExtractResult> {
  const detection = detectDeal(url);
  if (!detection.ok) return { ok: false, code: 2, reason: detection.reason };
  const page = loadDocument(html, url);
  try {
    const snapshot = detection.adapter.read(page.document, detection.ref, warn);
    return snapshot ? { ok: true, snapshot } : { ok: false, code: 3, reason: `the page's active view shows another ${detection.ref.crm} record than ${detection.ref.dealId}` };
  } finally {
    await page.close();
  }
}

const USAGE = 'usage: extract --url URL FILE.html [--verbose]';

export async function main(args: string[]): Promise<number> {
  let url: string | null = null;
  let file: string | null = null;
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--url') url = args[++i] ?? null;
    else if (arg.startsWith('--url=')) url = arg.slice(6);
    else if (arg === '--verbose' || arg === '-v') verbose = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg === '--') continue;
    else if (arg.startsWith('-')) return fail(`unknown option ${arg}; ${USAGE}`);
    else if (file === null) file = arg;
    else return fail(`one FILE.html only; ${USAGE}`);
  }
  if (!url) return fail(`missing --url; ${USAGE}`);
  if (!file) return fail(`missing FILE.html; ${USAGE}`);
  let html: string;
  try {
    html = await readFile(file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const warn: FieldWarning = (crm, field, detail) => {
    if (verbose) process.stderr.write(`${crm}: ${field}: ${detail}\n`);
  };
  const result = await extract(html, url, warn);
  if (!result.ok) return fail(result.reason, result.code);
  process.stdout.write(`${JSON.stringify(result.snapshot)}\n`);
  return 0;
}

function fail(message: string, code = 1): number {
  process.stderr.write(`extract: ${message.replace(/\s+/g, ' ')}\n`);
  return code;
}

async function isEntryPoint(): Promise<boolean> {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(await realpath(entry)).href;
  } catch {
    return false;
  }
}

if (await isEntryPoint()) process.exitCode = await main(process.argv.slice(2));
