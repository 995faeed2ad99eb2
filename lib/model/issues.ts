import type { z } from 'zod';

/** `stages[2].tasks[0].dueDays` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** One line naming the exact place and what was expected, for the first problem found. */
export function firstIssueMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const where = formatPath(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses with a schema and returns a one-line error instead of throwing. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: firstIssueMessage(result.error) };
}
