// Stagecraft's marker: a short machine-readable tag at the end of the body of every record
// Stagecraft creates in a CRM. A write whose outcome is unknown (it timed out, the worker stopped
// while the CRM was answering) looks for its marker on the deal before it creates anything, and
// adopts the record it finds; team evidence (checklist ticks written as CRM tasks) is read back
// by the same marker. Pure, no dependencies: every CRM connector and reader can use it.
//
//   [stagecraft:v1;kind=activity;id=<activity id>;role=main]
//   [stagecraft:v1;kind=tick;playbook=<id>;stage=<id>;task=<id>;by=hand]
//
// Values are percent-encoded (every character but A–Z a–z 0–9 - . _ ~), so a marker holds no
// space, quote, bracket, `;`, `=`, `<` or `&`: it passes unchanged through HTML escaping and any
// CRM's text or HTML field, and text around it cannot break it. Only a marker at the very end of
// the text counts (after it only spaces, line breaks and HTML tags), so marker-like text a rep
// typed into a note is never mistaken for ours. The version says how to read the rest: a reader
// meeting a newer version reports it as such instead of guessing.

export const MARKER_VERSION = 1;
const PREFIX = '[stagecraft:';

/** One logged activity's record: `main` (what happened) or `nextStep` (the open task). */
export interface ActivityMarker {
  kind: 'activity';
  activityId: string;
  role: 'main' | 'nextStep';
}

/** One checklist tick shared with the team: which playbook, stage and task, ticked by hand or by evidence. */
export interface TickMarker {
  kind: 'tick';
  playbookId: string;
  stageId: string;
  taskId: string;
  by: 'hand' | 'evidence';
}

export type Marker = ActivityMarker | TickMarker;

export type MarkerReading =
  | { status: 'ok'; marker: Marker }
  /** No marker at the end of the text: not written by Stagecraft (or edited by hand). */
  | { status: 'none' }
  /** Written by a newer Stagecraft: left alone. */
  | { status: 'newer'; version: number }
  /** Looks like ours but cannot be read: never used. `detail` says what is wrong. */
  | { status: 'broken'; detail: string };

/** Field names in their fixed order, and the checks of their values, per kind. */
const FIELDS = {
  activity: [
    ['id', 'activityId', (v: string) => v.length >= 1 && v.length <= 64],
    ['role', 'role', (v: string) => v === 'main' || v === 'nextStep'],
  ],
  tick: [
    ['playbook', 'playbookId', (v: string) => v.length >= 1 && v.length <= 200],
    ['stage', 'stageId', (v: string) => v.length >= 1 && v.length <= 64],
    ['task', 'taskId', (v: string) => v.length >= 1 && v.length <= 64],
    ['by', 'by', (v: string) => v === 'hand' || v === 'evidence'],
  ],
} as const satisfies Record<Marker['kind'], readonly (readonly [string, string, (v: string) => boolean])[]>;

/** encodeURIComponent leaves !'()* alone; they are encoded too, so only unreserved characters remain. */
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The marker as text. Throws on a value the format cannot carry (a programming error, never user input). */
export function formatMarker(marker: Marker): string {
  const fields = FIELDS[marker.kind].map(([name, key, valid]) => {
    const value = (marker as unknown as Record<string, string>)[key]!;
    if (typeof value !== 'string' || !valid(value)) throw new RangeError(`marker: invalid ${name}`);
    return `${name}=${encode(value)}`;
  });
  return `${PREFIX}v${MARKER_VERSION};kind=${marker.kind};${fields.join(';')}]`;
}

/** What may follow our marker at the end of a body: whitespace, HTML tags (a CRM may wrap the body), &nbsp;. */
const TRAILER = /^(?:\s|<[^<>]{0,200}>|&nbsp;)*$/i;
const MARKER_BODY = /^v(\d{1,4});([A-Za-z0-9%._~=;-]{0,1000})\]/;
const MAX_SCAN = 4000;

/** The marker at the end of `text` (a CRM record's body, plain or HTML). */
export function readMarker(text: string | null | undefined): MarkerReading {
  if (!text) return { status: 'none' };
  const tail = text.length > MAX_SCAN ? text.slice(-MAX_SCAN) : text;
  const at = tail.lastIndexOf(PREFIX);
  if (at === -1) return { status: 'none' };
  const rest = tail.slice(at + PREFIX.length);
  const body = MARKER_BODY.exec(rest);
  if (!body) return { status: 'broken', detail: 'unreadable marker' };
  if (!TRAILER.test(rest.slice(body[0].length))) return { status: 'none' }; // not at the end: not ours
  const version = Number(body[1]);
  if (version > MARKER_VERSION) return { status: 'newer', version };
  if (version < 1) return { status: 'broken', detail: `unknown version ${version}` };
  return parseFields(body[2]!);
}

function parseFields(source: string): MarkerReading {
  const pairs = new Map<string, string>();
  for (const part of source.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { status: 'broken', detail: `not a name=value field: ${part.slice(0, 40)}` };
    const name = part.slice(0, eq);
    if (pairs.has(name)) return { status: 'broken', detail: `${name} given twice` };
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      return { status: 'broken', detail: `${name}: bad encoding` };
    }
    pairs.set(name, value);
  }
  const kind = pairs.get('kind');
  if (kind !== 'activity' && kind !== 'tick') return { status: 'broken', detail: `unknown kind ${String(kind).slice(0, 40)}` };
  const fields = FIELDS[kind];
  if (pairs.size !== fields.length + 1) return { status: 'broken', detail: `expected the fields kind, ${fields.map(([name]) => name).join(', ')}` };
  const marker: Record<string, string> = { kind };
  for (const [name, key, valid] of fields) {
    const value = pairs.get(name);
    if (value === undefined) return { status: 'broken', detail: `${name} missing` };
    if (!valid(value)) return { status: 'broken', detail: `${name}: invalid value` };
    marker[key] = value;
  }
  return { status: 'ok', marker: marker as unknown as Marker };
}

/**
 * Whether two markers name the same record. A tick's record is its playbook, stage and task: who
 * or what ticked it (`by`) is a property of it, so a tick re-done by evidence finds the hand tick's task.
 */
export function sameMarker(a: Marker, b: Marker): boolean {
  if (a.kind === 'tick' && b.kind === 'tick') return a.playbookId === b.playbookId && a.stageId === b.stageId && a.taskId === b.taskId;
  return formatMarker(a) === formatMarker(b);
}

/** Whether `text` ends with exactly this marker. */
export function carriesMarker(text: string | null | undefined, marker: Marker): boolean {
  const reading = readMarker(text);
  return reading.status === 'ok' && sameMarker(reading.marker, marker);
}

/**
 * `body` with the marker at its end, the whole within `max` characters: the body is cut (with "…")
 * to make room, never the marker. `html` separates with `<br>` (the CRM renders the field as HTML).
 */
export function withMarker(body: string, marker: Marker, options: { html: boolean; max: number }): string {
  const tag = formatMarker(marker);
  const gap = options.html ? '<br><br>' : '\n\n';
  if (!body) return tag;
  const room = options.max - tag.length - gap.length;
  const kept = body.length > room ? `${body.slice(0, Math.max(0, room - 1))}…` : body;
  return `${kept}${gap}${tag}`;
}
