import { playbookSchema, type Playbook } from '../model/playbook.schema';
import { checkEnvelope, fail, parseUntrustedJson, readFileText, validateAt, type IoResult } from './untrusted';
import { note } from '../model/detail-note';

// The shared playbook file: `{ format, version, exportedAt, playbook }`. Versioned so a future
// Stagecraft can read old files and an old one refuses new files with a clear message.

export const PLAYBOOK_FILE_FORMAT = 'stagecraft-playbook';
export const PLAYBOOK_FILE_VERSION = 1;
/** Files over this size are refused before they are read. */
export const MAX_PLAYBOOK_FILE_BYTES = 5 * 1024 * 1024;

export interface PlaybookFile {
  format: typeof PLAYBOOK_FILE_FORMAT;
  version: typeof PLAYBOOK_FILE_VERSION;
  exportedAt: string;
  playbook: Playbook;
}

/** The file's text (pretty-printed, stable key order as stored). */
export function exportPlaybook(playbook: Playbook, now: Date): string {
  const file: PlaybookFile = { format: PLAYBOOK_FILE_FORMAT, version: PLAYBOOK_FILE_VERSION, exportedAt: now.toISOString(), playbook };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** `stagecraft-playbook-team-process-2025-03-14.json` */
export function exportFileName(playbook: Pick<Playbook, 'id'>, now: Date, kind = 'playbook'): string {
  const slug = playbook.id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || kind;
  return `stagecraft-${kind}-${slug}-${now.toISOString().slice(0, 10)}.json`;
}

/** Checks the envelope (format, then version) before the playbook itself. */
export function readPlaybookEnvelope(value: unknown): IoResult<Playbook> {
  const envelope = checkEnvelope(value, PLAYBOOK_FILE_FORMAT, PLAYBOOK_FILE_VERSION);
  if (!envelope.ok) return envelope;
  if (envelope.value.playbook === undefined) return fail('invalid', 'playbook: expected a playbook object', note('expectedPlaybook', undefined, 'playbook'));
  return validateAt(playbookSchema, envelope.value.playbook, ['playbook']);
}

/** The text of a playbook file → a valid playbook, or an error naming the exact place. */
export function parsePlaybookFile(text: string): IoResult<Playbook> {
  // The same limit as the file size, for text that did not come from a File (policy, paste).
  if (text.length > MAX_PLAYBOOK_FILE_BYTES) return fail('tooLarge', `the text is ${text.length} characters; the limit is ${MAX_PLAYBOOK_FILE_BYTES}`, note('textTooLarge', { length: text.length, limit: MAX_PLAYBOOK_FILE_BYTES }));
  const json = parseUntrustedJson(text);
  if (!json.ok) return json;
  return readPlaybookEnvelope(json.value);
}

/** A picked file → a valid playbook, or why not. The size is checked before anything is read. */
export async function readPlaybookFile(file: Pick<Blob, 'size' | 'text'>): Promise<IoResult<Playbook>> {
  const text = await readFileText(file, MAX_PLAYBOOK_FILE_BYTES);
  if (!text.ok) return text;
  return parsePlaybookFile(text.value);
}
