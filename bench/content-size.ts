// Content script size, minified and gzipped: it loads on every CRM page.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './stats';
import { EXTENSION_DIR } from '../scripts/browser';

export function measureContentScriptSize(): Figure[] {
  const code = readFileSync(resolve(EXTENSION_DIR, 'content-scripts', 'crm.js'));
  const gzipped = gzipSync(code, { level: 9 }).length;
  return [
    { name: 'content script size (minified)', value: code.length / 1024, unit: 'KB', budget: Number.POSITIVE_INFINITY, kind: 'max', detail: 'reported, no budget' },
    { name: 'content script size (gzipped)', value: gzipped / 1024, unit: 'KB', budget: 15, kind: 'max' },
  ];
}
