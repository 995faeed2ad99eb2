import { z } from 'zod';
import { formatPath } from '../model/issues';
import { kindOf, note, type DetailNote } from '../model/detail-note';
import { issueNote } from '../model/issue-note';

// Reading files a user picked (or an administrator pushed): anything may be in them. They are
// parsed with JSON.parse only, checked for keys that could pollute prototypes and for absurd
// nesting, then validated with zod. Nothing is ever merged into an existing object.

export type IoErrorCode =
  | 'tooLarge'
  | 'empty'
  | 'invalidJson'
  | 'truncated'
  | 'forbiddenKey'
  | 'tooDeep'
  | 'notAnObject'
  | 'wrongFormat'
  | 'unsupportedVersion'
  | 'invalid'
  | 'unreadable';

/**
 * A rejected file: a code for the localized headline, an exact, technical detail (English, names the
 * place) and the same detail as a note the page says in its language.
 */
export interface IoError {
  code: IoErrorCode;
  detail: string;
  note?: DetailNote;
}

export type IoResult<T> = { ok: true; value: T } | { ok: false; error: IoError };

export const fail = (code: IoErrorCode, detail: string, detailNote?: DetailNote): { ok: false; error: IoError } => ({ ok: false, error: { code, detail, ...(detailNote ? { note: detailNote } : {}) } });

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_DEPTH = 32;

/** JSON text → value, telling a truncated file from other broken JSON. */
export function parseJsonText(text: string): IoResult<unknown> {
  if (text.trim() === '') return fail('empty', 'the file is empty', note('empty'));
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/end of (json )?input|unterminated|unexpected end/i.test(message) || looksTruncated(text)) {
      return fail('truncated', `the file ends too early (${message})`, note('truncated'));
    }
    return fail('invalidJson', message, jsonNote(message));
  }
}

/** Where the browser's JSON.parse message places the fault ("line 3 column 7"), if it says. */
function jsonNote(message: string): DetailNote {
  const place = /line (\d+) column (\d+)/.exec(message);
  return place ? note('invalidJsonAt', { line: Number(place[1]), column: Number(place[2]) }) : note('invalidJson');
}

/** Unbalanced brackets or an open string at the end: the file was cut off. */
function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return inString || depth > 0;
}

/**
 * The path of the first key that could pollute a prototype (`__proto__`, `constructor`,
 * `prototype`), or of nesting deeper than `MAX_DEPTH`; null when the value is clean. Iterative,
 * so a hostile file cannot overflow the stack.
 */
export function findHostileStructure(value: unknown, base: readonly (string | number)[] = []): { code: 'forbiddenKey' | 'tooDeep'; path: (string | number)[] } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [...base] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (path.length - base.length > MAX_DEPTH) return { code: 'tooDeep', path };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(current);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) return { code: 'forbiddenKey', path: [...path, key] };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}

/** JSON text → a clean plain value, or why not. */
export function parseUntrustedJson(text: string): IoResult<unknown> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  const hostile = findHostileStructure(parsed.value);
  if (hostile?.code === 'forbiddenKey') {
    const key = String(hostile.path[hostile.path.length - 1]);
    return fail('forbiddenKey', `${formatPath(hostile.path)}: the key "${key}" is not allowed`, note('forbiddenKey', { key }, formatPath(hostile.path)));
  }
  if (hostile) return fail('tooDeep', `${formatPath(hostile.path)}: nested more than ${MAX_DEPTH} levels deep`, note('tooDeep', { depth: MAX_DEPTH }, formatPath(hostile.path)));
  return parsed;
}

/** Zod validation with the error naming the exact place, prefixed by where the value sits in the file. */
export function validateAt<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly (string | number)[]): IoResult<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = formatPath([...prefix, ...(issue?.path ?? [])]);
  const message = issue?.message ?? 'invalid value';
  return fail('invalid', where ? `${where}: ${message}` : message, issue ? issueNote(issue, value, prefix) : note('invalid', undefined, where));
}

/** Checks a file's `{ format, version, exportedAt }` envelope, in that order (a clear message for each). */
export function checkEnvelope(value: unknown, format: string, version: number): IoResult<Record<string, unknown>> {
  if (!isPlainObject(value)) return fail('notAnObject', `expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`, note('notAnObject', { found: { kind: kindOf(value) } }));
  if (value.format !== format) {
    const found = typeof value.format === 'string' ? `"${value.format.slice(0, 60)}"` : value.format === undefined ? 'none' : typeof value.format;
    return fail('wrongFormat', `format: expected "${format}", found ${found}`, note('wrongFormat', { expected: `"${format}"`, found: typeof value.format === 'string' ? found : { kind: kindOf(value.format) } }, 'format'));
  }
  if (value.version !== version) {
    const found = typeof value.version === 'number' || typeof value.version === 'string' ? JSON.stringify(value.version).slice(0, 40) : value.version === undefined ? 'none' : typeof value.version;
    return fail('unsupportedVersion', `version: expected ${version}, found ${found}`, note('unsupportedVersion', { expected: version, found: typeof value.version === 'number' || typeof value.version === 'string' ? found : { kind: kindOf(value.version) } }, 'version'));
  }
  const exportedAt = validateAt(exportedAtSchema, value.exportedAt, ['exportedAt']);
  if (!exportedAt.ok) return exportedAt;
  return { ok: true, value };
}

const exportedAtSchema = z.iso.datetime({ offset: true, message: 'expected an ISO date and time' });

export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a picked file as text, refusing files over `maxBytes` before reading a single byte. */
export async function readFileText(file: Pick<Blob, 'size' | 'text'>, maxBytes: number): Promise<IoResult<string>> {
  if (file.size > maxBytes) {
    return fail('tooLarge', `the file is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}`, note('fileTooLarge', { size: { bytes: file.size }, limit: { bytes: maxBytes } }));
  }
  try {
    return { ok: true, value: await file.text() };
  } catch (error) {
    return fail('unreadable', error instanceof Error ? error.message : String(error), note('unreadable'));
  }
}

/** A size in English for the technical detail; the page says sizes with formatBytes of lib/i18n/format. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
