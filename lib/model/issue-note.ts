import type { z } from 'zod';
import { kindOf, note, type DetailNote, type ValueKind } from './detail-note';
import { formatPath } from './issues';

// A zod issue as a note every language can say (see detail-note.ts): the issue's code and limits,
// and what the file held there, instead of zod's English message.

const EXPECTED: Record<string, ValueKind> = { string: 'text', number: 'number', boolean: 'boolean', object: 'object', array: 'array', null: 'null', date: 'date' };

/** The value at a path inside the input (undefined where there is none). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const limit = (value: number | bigint) => Number(value);

/** The first-issue note for `input`, its place prefixed by where the value sits in the file. */
export function issueNote(issue: z.core.$ZodIssue, input: unknown, prefix: readonly PropertyKey[] = []): DetailNote {
  const at = formatPath([...prefix, ...issue.path]);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.expected === 'int') return note('notWhole', undefined, at);
      const value = valueAt(input, issue.path);
      // A number field left empty or holding no number (an editor's draft keeps NaN): nothing there.
      const found = typeof value === 'number' && Number.isNaN(value) ? 'missing' : kindOf(value);
      const expected = EXPECTED[issue.expected] ?? 'other';
      return found === 'missing' ? note('missing', { expected: { kind: expected } }, at) : note('invalidType', { expected: { kind: expected }, found: { kind: found } }, at);
    }
    case 'too_small': {
      const min = limit(issue.minimum);
      if (issue.origin === 'string') return min === 1 ? note('emptyText', undefined, at) : note('tooShort', { min }, at);
      if (issue.origin === 'array' || issue.origin === 'set') return note('tooFewItems', { min }, at);
      return note(issue.inclusive === false ? 'tooSmallExclusive' : 'tooSmall', { min }, at);
    }
    case 'too_big': {
      const max = limit(issue.maximum);
      if (issue.origin === 'string') return note('tooLong', { max }, at);
      if (issue.origin === 'array' || issue.origin === 'set') return note('tooManyItems', { max }, at);
      return note(issue.inclusive === false ? 'tooBigExclusive' : 'tooBig', { max }, at);
    }
    case 'invalid_format': {
      const byFormat: Record<string, DetailNote['id']> = { datetime: 'invalidDateTime', date: 'invalidDate', email: 'invalidEmail', url: 'invalidUrl' };
      return note(byFormat[issue.format] ?? 'invalidFormat', undefined, at);
    }
    case 'invalid_value':
      return note('oneOf', { values: { list: issue.values.map((v) => JSON.stringify(v)) } }, at);
    case 'unrecognized_keys':
      return note('unknownKeys', { keys: { list: issue.keys } }, at);
    case 'invalid_union':
      return note('noMatch', undefined, at);
    case 'custom': {
      // A refinement of ours names its note in params (playbook.schema.ts); any other says "invalid".
      const params = issue.params as { note?: DetailNote['id']; value?: string } | undefined;
      return params?.note ? note(params.note, params.value === undefined ? undefined : { value: params.value }, at) : note('invalid', undefined, at);
    }
    default:
      return note('invalid', undefined, at);
  }
}
