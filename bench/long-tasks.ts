// Breaks a page's long main-thread tasks down from a Chrome trace (categories below): for each task
// over 50 ms on the page's main thread, what ran in it — scripts evaluated and functions called by
// file, layout, style, paint, garbage collection — and the functions the CPU profiler sampled most
// in it (their own time). The Long Tasks API only says that a task was long; this says why.
import type { CDPSession } from 'playwright-core';

export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'loading'];

interface TraceEvent {
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  ph: string;
  name: string;
  cat?: string;
  id?: string;
  args?: { name?: string; data?: Record<string, unknown> & { url?: string; functionName?: string; type?: string; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[]; startTime?: number } };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** Starts a trace through `session` (a page's CDP session: Chrome traces every process of the browser). */
export async function startTrace(session: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (message) => void events.push(...(message.value as unknown as TraceEvent[])));
  await session.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
    await session.send('Tracing.end');
    await complete;
    return events;
  };
}

export interface LongTask {
  /** ms after `origin`. */
  start: number;
  duration: number;
  /** What ran in it, ms by kind ("script options-x.js", "layout", "gc"…), largest first. */
  parts: [string, number][];
  /** The profiler's samples in it: own time per function (ms), largest first. */
  functions: [string, number][];
}

const file = (url: string | undefined) => (url ? (url.split('/').pop() ?? url).replace(/-[\w-]{8}\.js$/, '.js') : '');

/** What a trace event inside a task stands for, or null to look at its children instead. */
function partOf(event: TraceEvent): string | null {
  const data = event.args?.data;
  switch (event.name) {
    case 'EvaluateScript':
    case 'v8.evaluateModule':
      return `evaluate ${file(data?.url) || 'module'}`;
    case 'v8.compile':
    case 'v8.compileModule':
      return `compile ${file(data?.url)}`;
    case 'FunctionCall':
      return `call ${file(data?.url)}`;
    case 'RunMicrotasks':
      return 'microtasks';
    case 'Layout':
      return 'layout';
    case 'UpdateLayoutTree':
    case 'RecalculateStyles':
      return 'style';
    case 'Paint':
    case 'PrePaint':
    case 'Layerize':
    case 'Commit':
    case 'UpdateLayer':
      return 'paint';
    case 'ParseHTML':
    case 'ParseAuthorStyleSheet':
      return 'parse html/css';
    case 'MinorGC':
    case 'MajorGC':
    case 'V8.GC_SCAVENGER':
    case 'V8.GC_MARK_COMPACTOR':
      return 'gc';
    default:
      return null;
  }
}

/**
 * The long tasks of the page's main thread: the renderer main thread that evaluated a script whose
 * URL contains `scriptMark`. Times are ms after the first event named `originName` on that thread
 * (the navigation start), or after the thread's first event.
 */
export function longTasks(events: readonly TraceEvent[], scriptMark: string, threshold = 50): LongTask[] {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const script = events.find((e) => mains.has(`${e.pid}:${e.tid}`) && (e.name === 'EvaluateScript' || e.name === 'v8.compileModule' || e.name === 'v8.evaluateModule') && String(e.args?.data?.url ?? '').includes(scriptMark));
  if (!script) return [];
  const { pid, tid } = script;
  const own = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const origin = own.find((e) => e.name === 'ParseHTML')?.ts ?? own[0]?.ts ?? 0;

  // The CPU profile of that thread: a sample's time and its node.
  const nodes = new Map<number, ProfileNode>();
  const samples: { ts: number; node: number }[] = [];
  const profiles = new Map<string, number>();
  for (const e of events) {
    if (e.name === 'Profile' && e.pid === pid && e.tid === tid && e.id) profiles.set(e.id, Number(e.args?.data?.startTime ?? e.ts));
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.id || !profiles.has(e.id)) continue;
    const data = e.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    let ts = profiles.get(e.id)!;
    const deltas = data?.timeDeltas ?? [];
    (data?.cpuProfile?.samples ?? []).forEach((node, i) => {
      ts += deltas[i] ?? 0;
      samples.push({ ts, node });
    });
    profiles.set(e.id, ts);
  }
  samples.sort((a, b) => a.ts - b.ts);
  const sampleName = (id: number) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return '?';
    return `${frame.functionName || '(anonymous)'} ${file(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`.trim();
  };

  const tasks: LongTask[] = [];
  const toplevel = own.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur! >= threshold * 1000);
  let coveredUntil = -1;
  for (const task of toplevel) {
    if (task.ts < coveredUntil) continue; // nested in a task already counted
    const end = task.ts + task.dur!;
    coveredUntil = end;
    const parts = new Map<string, number>();
    // Outermost known events inside the task.
    let partEnd = -1;
    for (const e of own) {
      if (e.ts < task.ts || e.ts + e.dur! > end || e === task || e.ts < partEnd) continue;
      const part = partOf(e);
      if (!part) continue;
      parts.set(part, (parts.get(part) ?? 0) + e.dur! / 1000);
      partEnd = e.ts + e.dur!;
    }
    const known = [...parts.values()].reduce((a, b) => a + b, 0);
    if (task.dur! / 1000 - known > 1) parts.set('other', task.dur! / 1000 - known);
    const functions = new Map<string, number>();
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      if (s.ts < task.ts || s.ts >= end) continue;
      const next = samples[i + 1]?.ts ?? s.ts;
      const name = sampleName(s.node);
      functions.set(name, (functions.get(name) ?? 0) + Math.min(next - s.ts, end - s.ts) / 1000);
    }
    const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)] as [string, number]);
    tasks.push({ start: Math.round((task.ts - origin) / 1000), duration: Math.round(task.dur! / 1000), parts: sorted(parts), functions: sorted(functions).slice(0, 12) });
  }
  return tasks;
}

/** One line per task and part, for a console. */
export function describeLongTasks(tasks: readonly LongTask[]): string {
  return tasks
    .map((t) => `task at ${t.start} ms, ${t.duration} ms: ${t.parts.map(([k, v]) => `${k} ${v}`).join(', ')}\n    own time: ${t.functions.map(([k, v]) => `${k} ${v}`).join('; ')}`)
    .join('\n');
}
