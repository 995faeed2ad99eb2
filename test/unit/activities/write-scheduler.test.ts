import { describe, expect, it } from 'vitest';
import { ALARM_MIN_MS, createWriteScheduler, TIMER_HORIZON_MS, type WriteSchedulerDeps } from '@/lib/background/write-scheduler';

// The queue must run again by itself until it is empty: a timer while the worker lives, an alarm
// for when it does not.

const NOW = Date.parse('2026-11-23T10:00:00.000Z');

function harness(due: (string | null)[]) {
  const calls = { runs: 0, timers: [] as number[], alarms: [] as (number | null)[] };
  let release: (() => void) | null = null;
  const deps: WriteSchedulerDeps = {
    run: async () => {
      calls.runs++;
      if (release === null) return;
      await new Promise<void>((resolve) => (release = resolve));
    },
    nextDueAt: async () => due.shift() ?? null,
    now: () => NOW,
    setTimer: (_callback, ms) => calls.timers.push(ms),
    clearTimer: () => {},
    setAlarm: async (when) => void calls.alarms.push(when),
  };
  return { calls, deps, hold: () => (release = () => {}), release: () => release?.() };
}

describe('write scheduler', () => {
  it('clears the alarm when the queue is empty', async () => {
    const h = harness([null]);
    await createWriteScheduler(h.deps).flush();
    expect(h.calls).toEqual({ runs: 1, timers: [], alarms: [null] });
  });

  it('a write due soon gets a timer and an alarm no sooner than browsers allow', async () => {
    const h = harness([new Date(NOW + 5_000).toISOString()]);
    await createWriteScheduler(h.deps).flush();
    expect(h.calls.timers).toEqual([5_050]);
    expect(h.calls.alarms).toEqual([NOW + ALARM_MIN_MS]);
  });

  it('a write due later only gets the alarm, at its due time', async () => {
    const due = NOW + TIMER_HORIZON_MS + 1;
    const h = harness([new Date(due).toISOString()]);
    await createWriteScheduler(h.deps).flush();
    expect(h.calls.timers).toEqual([]);
    expect(h.calls.alarms).toEqual([due]);
  });

  it('a flush during a run makes exactly one more run after it', async () => {
    const h = harness([null]);
    h.hold();
    const scheduler = createWriteScheduler(h.deps);
    const first = scheduler.flush();
    await Promise.resolve();
    void scheduler.flush();
    void scheduler.flush();
    h.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    h.release();
    await first;
    expect(h.calls.runs).toBe(2);
  });

  it('a run that throws does not stop the scheduling', async () => {
    const h = harness([new Date(NOW + 1_000).toISOString()]);
    h.deps.run = async () => {
      throw new Error('database closed');
    };
    await createWriteScheduler(h.deps).flush();
    expect(h.calls.timers).toEqual([1_050]);
  });
});
