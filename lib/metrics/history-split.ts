import { HistoryError, type ActivityCounts, type History } from './history-file';
import { HistoryBuilder, STREAMED } from './history-reader';
import { TopLevelReader } from './json-top-level';

// A history document read by two threads at once, for the scorecard (activities counted, not kept):
// the reading side (SplitReading) reads the text once, parses the top-level values itself and hands
// the deals and the checklist on as text to the building side (SplitBuilding), which parses them and
// builds the history. The activities, only counted, are shared: each batch is parsed on whichever
// side the reading side's caller says has time (so neither waits for the other), and the two counts
// are added up at the end. Each side runs the one pass of ./history-reader over the same events —
// every top-level value and every array's start — and over the elements that came its way, so each
// judges what it saw exactly as one reader would.
//
// The answer counts only when both sides found nothing wrong in a document written in the usual order
// (one pass). Otherwise the caller reads the file again with readHistory, which names the first
// problem as always: a document with a problem is read twice, and every figure and message is
// readHistory's. The reading side takes the cuts between deals unproven; a wrong one leaves a text
// the building side cannot parse (see TopLevelReader's `passed`), so it too ends in reading again.

/** What the reading side hands to the building side, in document order. */
export type SplitMessage =
  | { kind: 'value'; key: string; text: string }
  | { kind: 'begin'; key: string }
  | { kind: 'texts'; key: string; text: string };

/** The activities counted by the reading side, for the building side's history. */
export interface SplitCounts {
  total: number;
  byOwner: [owner: string, count: number][];
}

/** Arrays whose elements the building side always parses and checks. */
const BUILT = new Set(['deals', 'checklist']);
const OPTIONS = { activities: 'count' } as const;

/** The builder's history, or null when anything was wrong or a second pass is needed. */
function settled(builder: HistoryBuilder): History | null {
  if (builder.troubled) return null;
  try {
    return builder.finish();
  } catch (error) {
    if (error instanceof HistoryError) return null;
    throw error;
  }
}

/** Calls `endArray` of the array that began last when the next key begins (as readHistory does). */
class Arrays {
  private open: string | null = null;
  constructor(private readonly builder: HistoryBuilder) {}
  next(key: string | null, isArray: boolean): void {
    if (this.open !== null) this.builder.endArray(this.open);
    this.open = isArray ? key : null;
  }
}

export class SplitReading {
  private readonly builder = new HistoryBuilder(OPTIONS, null);
  private readonly arrays = new Arrays(this.builder);
  private readonly reader: TopLevelReader;
  private failed = false;

  /** `shareActivities`: asked before each batch of activities, true to hand it to the building side. */
  constructor(send: (message: SplitMessage) => void, shareActivities: () => boolean) {
    this.reader = new TopLevelReader(
      {
        value: (key, value, text) => {
          this.arrays.next(key, false);
          send({ kind: 'value', key, text });
          this.builder.value(key, value);
        },
        begin: (key) => {
          this.arrays.next(key, true);
          send({ kind: 'begin', key });
          this.builder.begin(key);
        },
        items: (key, index, items) => this.builder.items(key, index, items),
        passes: (key) => BUILT.has(key) || (key === 'activities' && shareActivities()),
        texts: (key, text) => send({ kind: 'texts', key, text }),
        notAnObject: () => {
          this.failed = true;
        },
      },
      STREAMED,
    );
  }

  /** The next piece of the text; false once the answer cannot count (stop and read the file again). */
  feed(text: string): boolean {
    if (this.failed || this.builder.troubled) return false;
    try {
      this.reader.feed(text);
    } catch {
      this.failed = true; // not JSON here, or a cut taken wrongly
    }
    return !this.failed && !this.builder.troubled;
  }

  /** The text is complete: this side's counts, or null when its answer cannot count. */
  end(): SplitCounts | null {
    if (this.failed) return null;
    try {
      this.reader.end();
    } catch {
      return null;
    }
    this.arrays.next(null, false);
    const counts = settled(this.builder)?.activityCounts;
    return counts ? { total: counts.total, byOwner: [...counts.byOwner] } : null;
  }
}

export class SplitBuilding {
  private readonly builder = new HistoryBuilder(OPTIONS, null);
  private readonly arrays = new Arrays(this.builder);
  private index = 0;
  private failed = false;

  /** One message of the reading side, in order; false once the answer cannot count. */
  receive(message: SplitMessage): boolean {
    if (this.failed || this.builder.troubled) return false;
    if (message.kind === 'value') {
      this.arrays.next(message.key, false);
      this.builder.value(message.key, JSON.parse(message.text)); // parsed once already by the reading side
    } else if (message.kind === 'begin') {
      this.arrays.next(message.key, true);
      this.index = 0;
      this.builder.begin(message.key);
    } else {
      let items: unknown[];
      try {
        items = JSON.parse(`[${message.text}]`) as unknown[];
      } catch {
        this.failed = true;
        return false;
      }
      this.builder.items(message.key, this.index, items);
      this.index += items.length;
    }
    return !this.builder.troubled;
  }

  /** The history with both sides' activity counts added up, or null when the answer cannot count. */
  finish(counts: SplitCounts): History | null {
    if (this.failed) return null;
    this.arrays.next(null, false);
    const history = settled(this.builder);
    if (!history?.activityCounts) return null;
    // Owners in the order the reading side met them, then those only this side met (no figure depends on it).
    const byOwner = new Map(counts.byOwner);
    for (const [owner, count] of history.activityCounts.byOwner) byOwner.set(owner, (byOwner.get(owner) ?? 0) + count);
    const activityCounts: ActivityCounts = { total: counts.total + history.activityCounts.total, byOwner };
    return { ...history, activityCounts };
  }
}
