import type { Playbook } from '../model/playbook.schema';
import { parsePlaybookFile, readPlaybookEnvelope } from './playbook-file';
import { findHostileStructure, MAX_DEPTH, type IoError } from './untrusted';
import { formatPath } from '../model/issues';
import { kindOf, note } from '../model/detail-note';

// The team playbook pushed by an administrator through browser policy (`storage.managed`, key
// `teamPlaybook`, the export file's JSON as a string — public/managed-schema.json). Policy values
// are as untrusted as any file: same parser, same limits.

export const MANAGED_PLAYBOOK_KEY = 'teamPlaybook';

export type ManagedPlaybookResult =
  | { status: 'absent' }
  | { status: 'ok'; playbook: Playbook }
  | { status: 'invalid'; error: IoError };

/**
 * The policy value of `teamPlaybook` → what to store. `undefined`, null or an empty string mean
 * "no managed playbook". A string is parsed exactly like an imported file; an object (a policy
 * written as a JSON object by mistake) is accepted after the same checks.
 */
export function parseManagedPlaybook(value: unknown): ManagedPlaybookResult {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { status: 'absent' };
  if (typeof value === 'string') {
    const parsed = parsePlaybookFile(value);
    return parsed.ok ? { status: 'ok', playbook: parsed.value } : { status: 'invalid', error: parsed.error };
  }
  if (typeof value === 'object') {
    let copy: unknown;
    try {
      copy = JSON.parse(JSON.stringify(value)); // own, plain data only
    } catch (error) {
      return { status: 'invalid', error: { code: 'invalidJson', detail: String(error), note: note('invalidJson') } };
    }
    const hostile = findHostileStructure(copy);
    if (hostile) return { status: 'invalid', error: { code: hostile.code, detail: `${formatPath(hostile.path)}: not allowed`, note: hostile.code === 'forbiddenKey' ? note('forbiddenKey', { key: String(hostile.path.at(-1)) }, formatPath(hostile.path)) : note('tooDeep', { depth: MAX_DEPTH }, formatPath(hostile.path)) } };
    const parsed = readPlaybookEnvelope(copy);
    return parsed.ok ? { status: 'ok', playbook: parsed.value } : { status: 'invalid', error: parsed.error };
  }
  return { status: 'invalid', error: { code: 'notAnObject', detail: `${MANAGED_PLAYBOOK_KEY}: expected the playbook file as text, found ${typeof value}`, note: note('invalidType', { expected: { kind: 'text' }, found: { kind: kindOf(value) } }, MANAGED_PLAYBOOK_KEY) } };
}
