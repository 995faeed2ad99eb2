import type { DealSnapshot } from '../model/deal';
import type { Script, Stage } from '../model/playbook.schema';

// Filling a stage's call script or e-mail template. The team writes `{{deal.title}}` and the like;
// the rep gets the text with what is known filled in and what is not known marked, never the raw
// braces. One pass over the template: a value that itself contains `{{…}}` (a deal titled
// "{{me.name}}") stays as the value, it is not filled again. Values are text, never HTML.

export const SCRIPT_VARIABLES = ['deal.title', 'deal.owner', 'contact.firstName', 'stage.next', 'me.name'] as const;
export type ScriptVariable = (typeof SCRIPT_VARIABLES)[number];

export type ScriptValues = Readonly<Record<ScriptVariable, string | null>>;

/** A filled template: text, and the places where a value was missing (or a name was unknown). */
export type ScriptPart = { kind: 'text'; text: string } | { kind: 'missing'; name: string; known: boolean };

const VARIABLE = /\{\{\s*([^{}]{0,60}?)\s*\}\}/g;

const isKnown = (name: string): name is ScriptVariable => (SCRIPT_VARIABLES as readonly string[]).includes(name);

/** The template as parts: filled values as text, missing or unknown variables as `missing`. */
export function fillScript(template: string, values: ScriptValues): ScriptPart[] {
  const parts: ScriptPart[] = [];
  const pushText = (text: string) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += text;
    else parts.push({ kind: 'text', text });
  };
  let from = 0;
  for (const match of template.matchAll(VARIABLE)) {
    pushText(template.slice(from, match.index));
    from = match.index + match[0].length;
    const name = match[1]!;
    const value = isKnown(name) ? values[name]?.trim() : undefined;
    if (value) pushText(value);
    else parts.push({ kind: 'missing', name, known: isKnown(name) });
  }
  pushText(template.slice(from));
  return parts;
}

/**
 * The parts as one text to copy or send: a missing value becomes `[label]` (the caller's words for
 * it, e.g. "[contact's first name]") so the rep sees at a glance what to fill in before sending.
 */
export function scriptText(parts: readonly ScriptPart[], missingLabel: (name: string, known: boolean) => string): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : `[${missingLabel(part.name, part.known)}]`)).join('');
}

export const hasMissing = (parts: readonly ScriptPart[]) => parts.some((part) => part.kind === 'missing');

/** Mail clients cut long `mailto:` links; keep the whole link under this many characters. */
export const MAILTO_LIMIT = 1800;

/**
 * A `mailto:` link with subject and body (RFC 6068: percent-encoded, line breaks as CRLF). A body
 * too long for a link is cut at a line end and says so, so nothing is silently lost: the rep can
 * still copy the full text.
 */
export function mailtoLink(to: string | null, subject: string, body: string, cutNote: string): { href: string; cut: boolean } {
  const address = to && /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/.test(to) ? encodeURIComponent(to).replace(/%40/g, '@') : '';
  const encode = (text: string) => encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
  const head = `mailto:${address}?subject=${encode(subject)}&body=`;
  const full = head + encode(body);
  if (full.length <= MAILTO_LIMIT) return { href: full, cut: false };
  const lines = body.split('\n');
  while (lines.length > 1) {
    lines.pop();
    const candidate = head + encode(`${lines.join('\n')}\n\n${cutNote}`);
    if (candidate.length <= MAILTO_LIMIT) return { href: candidate, cut: true };
  }
  // One very long line: cut it by characters (whole code points only).
  let text = [...body];
  while (text.length > 0 && (head + encode(`${text.join('')}…\n\n${cutNote}`)).length > MAILTO_LIMIT) text = text.slice(0, Math.floor(text.length * 0.9));
  return { href: head + encode(`${text.join('')}…\n\n${cutNote}`), cut: true };
}

export interface ScriptContext {
  snapshot: Pick<DealSnapshot, 'title' | 'owner'>;
  /** The stage the deal moves to next (nextStageOf), null in a terminal stage. */
  nextStage: Pick<Stage, 'name'> | null;
  /** Who "I" am in this CRM (settings.me), '' when not set. */
  meName: string;
  /** The deal's contact, where the CRM reading gives one (none of the readers does yet). */
  contact?: { firstName: string | null } | null;
}

/** The values of every variable for one deal; null where it is not known. */
export function scriptValues(context: ScriptContext): ScriptValues {
  const known = (value: string | null | undefined) => (value && value.trim() ? value.trim() : null);
  return {
    'deal.title': known(context.snapshot.title),
    'deal.owner': known(context.snapshot.owner),
    'contact.firstName': known(context.contact?.firstName),
    'stage.next': known(context.nextStage?.name),
    'me.name': known(context.meName),
  };
}

/** Scripts that tick a key task when used, for the task's own stage: `taskId` → script ids. */
export function scriptEvidence(scripts: readonly Script[], taskId: string): string[] {
  return scripts.filter((s) => s.ticksTask === taskId).map((s) => s.id);
}
