import { useEffect, useState } from 'preact/hooks';

/** The time, refreshed every minute, so "due today" and "stalled" stay true while a page stays open. */
export function useMinuteClock(now: () => Date): Date {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), 60_000);
    return () => clearInterval(timer);
  }, [now]);
  return time;
}
