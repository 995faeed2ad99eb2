// When the write-back queue runs: on demand (a page queued something, the worker started, a CRM
// was connected), at the next entry's due time while the worker is alive, and from an alarm that
// outlives the worker. One run at a time; a request during a run makes one more run after it.

export interface WriteSchedulerDeps {
  /** Processes what is due; resolves when done. */
  run(): Promise<void>;
  /** When the next entry falls due (ISO), or null when the queue is empty. */
  nextDueAt(): Promise<string | null>;
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** A browser alarm at `when` (ms since epoch), replacing an earlier one; null clears it. */
  setAlarm(when: number | null): Promise<void>;
}

/** A due time closer than this is waited for with a timer too (alarms fire 30 s apart at best). */
export const TIMER_HORIZON_MS = 60_000;
/** Browsers do not fire an alarm sooner than this from now. */
export const ALARM_MIN_MS = 30_000;

export interface WriteScheduler {
  /** Run now (or right after the current run). Resolves when the queue has been looked at. */
  flush(): Promise<void>;
}

export function createWriteScheduler(deps: WriteSchedulerDeps): WriteScheduler {
  let running: Promise<void> | null = null;
  let again = false;
  let timer: unknown = null;

  async function schedule(): Promise<void> {
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
    const due = await deps.nextDueAt();
    if (due === null) return deps.setAlarm(null);
    const at = Date.parse(due);
    const wait = Math.max(0, at - deps.now());
    if (wait <= TIMER_HORIZON_MS) timer = deps.setTimer(() => void flush(), wait + 50);
    await deps.setAlarm(Math.max(at, deps.now() + ALARM_MIN_MS));
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        await deps.run();
      } catch (error) {
        console.warn('[Stagecraft] writing to the CRM failed:', String(error));
      }
    } while (again);
    await schedule().catch((error: unknown) => console.warn('[Stagecraft] could not schedule the next CRM write:', String(error)));
  }

  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = null;
    });
    return running;
  }

  return { flush };
}
