// The sales history the metrics engine reads (the `scorecard` file format, version 1), validated
// by hand so the first problem is reported in document order with its exact path, and so a
// 100 000-deal file is checked in one pass. Dates are parsed to epoch milliseconds once, here.

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'demo', 'proposal', 'note', 'task'] as const;
export const STATUSES = ['open', 'won', 'lost'] as const;

export interface HistoryStage {
  id: string;
  name: string;
  probability: number;
  rotDays: number | null;
}
export interface HistoryPipeline {
  id: string;
  name: string;
  stages: HistoryStage[];
}
export interface HistoryDeal {
  id: string;
  title: string;
  owner: string;
  pipeline: string;
  value: number;
  currency: string | null;
  createdAt: number;
  closedAt: number | null;
  status: (typeof STATUSES)[number];
  stageHistory: { stage: string; enteredAt: number }[];
  /** Optional breakdowns beyond the contract. */
  source?: string;
  product?: string;
}
export interface HistoryActivity {
  dealId: string;
  owner: string;
  type: (typeof ACTIVITY_TYPES)[number];
  at: number;
}
export interface HistoryForecast {
  owner: string;
  period: string;
  amount: number;
}
export interface History {
  version: 1;
  pipelines: HistoryPipeline[];
  deals: HistoryDeal[];
  activities: HistoryActivity[];
  forecasts: HistoryForecast[];
}

export class HistoryError extends Error {
  override name = 'HistoryError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
  }
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Epoch ms of an ISO 8601 instant (date, time and offset), or null — 2026-02-30 is not a date. */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  // Offsets may be written +02, +0200 or +02:00; Date.parse wants +02:00.
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(normalized);
  return Number.isFinite(ms) ? ms : null;
}

const PERIOD = /^(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$/;

/** [start, end) in epoch ms of a forecast period: a calendar quarter "2026-Q1" or month "2026-03", UTC. */
export function periodRange(period: string): [number, number] | null {
  const m = PERIOD.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  const firstMonth = m[2] ? (Number(m[2]) - 1) * 3 : Number(m[3]) - 1;
  const months = m[2] ? 3 : 1;
  return [Date.UTC(year, firstMonth, 1), Date.UTC(year, firstMonth + months, 1)];
}

type Path = string;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: Path, reason: string): never {
  throw new HistoryError(path, reason);
}
function object(value: unknown, path: Path): Record<string, unknown> {
  if (!isObject(value)) fail(path, 'expected an object');
  return value;
}
function array(value: unknown, path: Path): unknown[] {
  if (!Array.isArray(value)) fail(path, 'expected an array');
  return value;
}
function text(value: unknown, path: Path): string {
  if (typeof value !== 'string') fail(path, 'expected a string');
  return value;
}
function nonEmpty(value: unknown, path: Path): string {
  const s = text(value, path);
  if (s.length === 0) fail(path, 'expected a non-empty string');
  return s;
}
function number(value: unknown, path: Path): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'expected a number');
  return value;
}
function instant(value: unknown, path: Path): number {
  const ms = parseInstant(value);
  if (ms === null) fail(path, 'invalid date');
  return ms;
}

/** Validates a parsed JSON value; throws HistoryError naming the first bad path. */
export function validateHistory(input: unknown): History {
  const root = object(input, '');
  if (root.version !== 1) fail('version', 'expected 1');

  const pipelines = array(root.pipelines, 'pipelines').map((raw, p): HistoryPipeline => {
    const path = `pipelines[${p}]`;
    const o = object(raw, path);
    const stages = array(o.stages, `${path}.stages`).map((rawStage, s): HistoryStage => {
      const sp = `${path}.stages[${s}]`;
      const st = object(rawStage, sp);
      const probability = number(st.probability, `${sp}.probability`);
      if (probability < 0 || probability > 1) fail(`${sp}.probability`, 'expected a number from 0 to 1');
      let rotDays: number | null = null;
      if (st.rotDays !== undefined && st.rotDays !== null) {
        rotDays = number(st.rotDays, `${sp}.rotDays`);
        if (rotDays < 0) fail(`${sp}.rotDays`, 'expected a number >= 0');
      }
      return { id: nonEmpty(st.id, `${sp}.id`), name: st.name === undefined ? '' : text(st.name, `${sp}.name`), probability, rotDays };
    });
    const id = nonEmpty(o.id, `${path}.id`);
    const ids = new Set<string>();
    stages.forEach((stage, s) => {
      if (ids.has(stage.id)) fail(`${path}.stages[${s}].id`, `duplicate stage id "${stage.id}"`);
      ids.add(stage.id);
    });
    return { id, name: o.name === undefined ? '' : text(o.name, `${path}.name`), stages };
  });
  const stageSets = new Map<string, Set<string>>();
  pipelines.forEach((pipeline, p) => {
    if (stageSets.has(pipeline.id)) fail(`pipelines[${p}].id`, `duplicate pipeline id "${pipeline.id}"`);
    stageSets.set(pipeline.id, new Set(pipeline.stages.map((s) => s.id)));
  });

  const deals = array(root.deals, 'deals').map((raw, i): HistoryDeal => {
    const path = `deals[${i}]`;
    const o = object(raw, path);
    const id = nonEmpty(o.id, `${path}.id`);
    const title = o.title === undefined || o.title === null ? '' : text(o.title, `${path}.title`);
    const owner = nonEmpty(o.owner, `${path}.owner`);
    const pipeline = text(o.pipeline, `${path}.pipeline`);
    const stages = stageSets.get(pipeline);
    if (!stages) fail(`${path}.pipeline`, `unknown pipeline "${pipeline}"`);
    const value = number(o.value, `${path}.value`);
    if (value < 0) fail(`${path}.value`, 'expected a number >= 0');
    const currency = o.currency === undefined || o.currency === null ? null : text(o.currency, `${path}.currency`);
    const createdAt = instant(o.createdAt, `${path}.createdAt`);
    const closedAt = o.closedAt === null || o.closedAt === undefined ? null : instant(o.closedAt, `${path}.closedAt`);
    if (typeof o.status !== 'string' || !(STATUSES as readonly string[]).includes(o.status)) fail(`${path}.status`, 'expected one of open, won, lost');
    const stageHistory = array(o.stageHistory, `${path}.stageHistory`).map((rawEntry, h) => {
      const hp = `${path}.stageHistory[${h}]`;
      const e = object(rawEntry, hp);
      const stage = text(e.stage, `${hp}.stage`);
      if (!stages.has(stage)) fail(`${hp}.stage`, `"${stage}" is not a stage of pipeline "${pipeline}"`);
      return { stage, enteredAt: instant(e.enteredAt, `${hp}.enteredAt`) };
    });
    const deal: HistoryDeal = { id, title, owner, pipeline, value, currency, createdAt, closedAt, status: o.status as HistoryDeal['status'], stageHistory };
    if (typeof o.source === 'string') deal.source = o.source;
    if (typeof o.product === 'string') deal.product = o.product;
    return deal;
  });

  const activities = (root.activities === undefined ? [] : array(root.activities, 'activities')).map((raw, i): HistoryActivity => {
    const path = `activities[${i}]`;
    const o = object(raw, path);
    const dealId = text(o.dealId, `${path}.dealId`);
    const owner = text(o.owner, `${path}.owner`);
    if (typeof o.type !== 'string' || !(ACTIVITY_TYPES as readonly string[]).includes(o.type)) fail(`${path}.type`, `expected one of ${ACTIVITY_TYPES.join(', ')}`);
    return { dealId, owner, type: o.type as HistoryActivity['type'], at: instant(o.at, `${path}.at`) };
  });

  const forecasts = (root.forecasts === undefined ? [] : array(root.forecasts, 'forecasts')).map((raw, i): HistoryForecast => {
    const path = `forecasts[${i}]`;
    const o = object(raw, path);
    const owner = text(o.owner, `${path}.owner`);
    const period = text(o.period, `${path}.period`);
    if (!periodRange(period)) fail(`${path}.period`, 'expected a quarter "YYYY-Qn" or a month "YYYY-MM"');
    return { owner, period, amount: number(o.amount, `${path}.amount`) };
  });

  return { version: 1, pipelines, deals, activities, forecasts };
}

/** JSON text → History; throws HistoryError (a file that is not JSON is reported as such). */
export function parseHistoryText(textContent: string, fileName = 'file'): History {
  let value: unknown;
  try {
    value = JSON.parse(textContent);
  } catch (error) {
    throw new HistoryError(fileName, `not valid JSON (${(error as Error).message})`);
  }
  return validateHistory(value);
}

/** History → the file format (ISO dates), e.g. to run the `scorecard` command on what the extension saw. */
export function serializeHistory(history: History): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  return JSON.stringify({
    version: 1,
    pipelines: history.pipelines,
    deals: history.deals.map((d) => ({
      ...d,
      createdAt: iso(d.createdAt),
      closedAt: d.closedAt === null ? null : iso(d.closedAt),
      stageHistory: d.stageHistory.map((h) => ({ stage: h.stage, enteredAt: iso(h.enteredAt) })),
    })),
    activities: history.activities.map((a) => ({ ...a, at: iso(a.at) })),
    forecasts: history.forecasts,
  });
}
