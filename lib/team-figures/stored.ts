import type { TeamFiguresAsk } from './pages';

// A team page's figures as last worked out, kept so the page opens on them at once: a team of
// hundreds of thousands of deals takes the worker many seconds to read again, and until it has, the
// page shows these, saying when they were worked out (the figures are the same rules' — only older).

/** What is kept of a page's figures: checked with the reply's schema when read. */
export interface StoredFigures {
  figures: unknown;
  /** Epoch ms they were worked out. */
  computedAt: number;
}

/** Where they are kept (lib/db/team-figures.ts; a Map in tests). */
export interface StoredFiguresStore {
  read(key: string): Promise<StoredFigures | null>;
  write(key: string, stored: StoredFigures): Promise<void>;
}

/** One ask's key: the page and what the user chose on it, not the clock (a page opened later reads the same). */
export function storedFiguresKey(ask: TeamFiguresAsk): string {
  const { now: _now, ...chosen } = ask;
  return JSON.stringify(Object.entries(chosen).sort(([a], [b]) => (a < b ? -1 : 1)));
}
