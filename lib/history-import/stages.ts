import { closedStatusOf } from '../crm/labels';
import { normalizeLabel } from '../playbook/match';

// Stage order and outcomes of an imported pipeline, from what the file says.

const keys = new Map<string, string>();

/** normalizeLabel, remembered: an export repeats the same few stage, status and pipeline labels on every row. */
export function labelKey(label: string): string {
  let key = keys.get(label);
  if (key === undefined) {
    if (keys.size >= 10_000) keys.clear();
    keys.set(label, (key = normalizeLabel(label)));
  }
  return key;
}

/**
 * won / lost when a stage label is a CRM's closed stage ("Closed Won", "Abgeschlossen und gewonnen",
 * "Chiusa persa", a bare "Won"), else null: the same rule the page readers use (closedStatusOf).
 */
export function outcomeOfLabel(label: string): 'won' | 'lost' | null {
  return closedStatusOf(label);
}

/** Pipedrive's status column, in the languages of its exports (gewonnen/verloren are Dutch and German alike). `deleted` deals are left out. */
const STATUS_WORDS: Record<string, 'open' | 'won' | 'lost' | 'deleted'> = {
  open: 'open',
  won: 'won',
  lost: 'lost',
  deleted: 'deleted',
  oppen: 'open',
  vunnen: 'won',
  forlorad: 'lost',
  borttagen: 'deleted',
  apen: 'open',
  vunnet: 'won',
  tapt: 'lost',
  slettet: 'deleted',
  gewonnen: 'won',
  verloren: 'lost',
  verwijderd: 'deleted',
  aperto: 'open',
  aperta: 'open',
  vinto: 'won',
  vinta: 'won',
  perso: 'lost',
  persa: 'lost',
  eliminato: 'deleted',
  // German
  offen: 'open',
  geloscht: 'deleted',
};

export function parseStatus(raw: string): 'open' | 'won' | 'lost' | 'deleted' | null {
  const key = labelKey(raw);
  return Object.hasOwn(STATUS_WORDS, key) ? STATUS_WORDS[key]! : null;
}

/**
 * One order of stages that agrees with as many deals as possible: for every two stages, which one
 * deals entered first (only first entries count, so moving back does not reverse the order), then
 * stages whose predecessors are placed go next — among several, the one seen first in the file.
 * A cycle (deals disagreeing) is broken at the stage with the fewest unplaced predecessors.
 * `sequences` hold stage keys in each deal's chronological order; `firstSeen` every key, in the
 * order the file shows them.
 */
export function consensusOrder(sequences: Iterable<readonly string[]>, firstSeen: readonly string[]): string[] {
  const index = new Map(firstSeen.map((key, i) => [key, i]));
  const n = firstSeen.length;
  const before: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const sequence of sequences) {
    const seen = new Set<number>();
    const firsts: number[] = [];
    for (const key of sequence) {
      const i = index.get(key);
      if (i === undefined || seen.has(i)) continue;
      seen.add(i);
      firsts.push(i);
    }
    for (let a = 0; a < firsts.length; a++) for (let b = a + 1; b < firsts.length; b++) before[firsts[a]!]![firsts[b]!]!++;
  }
  const placed = new Array<boolean>(n).fill(false);
  const order: string[] = [];
  // Predecessor p of q: more deals entered p before q than q before p.
  const unplacedPredecessors = (q: number) => {
    let count = 0;
    for (let p = 0; p < n; p++) if (!placed[p] && p !== q && before[p]![q]! > before[q]![p]!) count++;
    return count;
  };
  while (order.length < n) {
    let pick = -1;
    let fewest = Infinity;
    for (let q = 0; q < n; q++) {
      if (placed[q]) continue;
      const count = unplacedPredecessors(q);
      if (count < fewest) {
        fewest = count;
        pick = q;
        if (count === 0) break;
      }
    }
    placed[pick] = true;
    order.push(firstSeen[pick]!);
  }
  return order;
}

/** Probabilities for stages that have none: linear between the known neighbours (0 before the first, 1 after the last). */
export function fillProbabilities(known: readonly (number | null)[]): number[] {
  const out = [...known];
  let i = 0;
  while (i < out.length) {
    if (out[i] !== null) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && out[j] === null) j++;
    const low = i > 0 ? (out[i - 1] as number) : 0;
    const high = j < out.length ? (out[j] as number) : 1;
    const span = j - i + 1;
    for (let k = i; k < j; k++) out[k] = Math.round((low + ((high - low) * (k - i + 1)) / span) * 100) / 100;
    i = j;
  }
  return out as number[];
}

/** An id from a label: lower case words joined by "-", at most 60 characters, unique among `taken`. */
export function slugId(label: string, taken: Set<string>, fallback: string): string {
  const base = normalizeLabel(label).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
