// Three-way merge of playbook edits: what this editor started from (base), what it has now (mine)
// and what is stored now (theirs, written meanwhile by another tab or an import). A field changed
// on one side only takes that side's value; a field changed on both sides to different values is a
// conflict the manager decides. Lists of items with ids (pipelines, stages, tasks, scripts,
// checklists) merge item by item, so two tabs editing different stages never collide.

import type { Playbook } from '../model/playbook.schema';

/** A step into the playbook: an object key, or the item with this id in a list of items with ids. */
export type MergeStep = string | { id: string };
export type MergePath = readonly MergeStep[];

/**
 * Both sides changed the same thing differently. `value`: a field or a whole item (undefined: that
 * side deleted it); `order`: the order of a list (the item ids in each side's order).
 */
export interface MergeConflict {
  kind: 'value' | 'order';
  path: MergePath;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface Merged<T> {
  /** Conflicts resolved with the stored (other tab's) value: what may be stored without losing their edit. */
  theirs: T;
  /** Conflicts resolved with this editor's value: what the editor keeps showing. */
  mine: T;
  /** Conflicts left at the common ancestor, so a later merge of `mine` over `theirs` finds them again. */
  base: T;
  conflicts: MergeConflict[];
}

type Pick = 'mine' | 'theirs' | 'base';

/** Merges two playbooks edited from the same base. `updatedAt` is not merged: the stored one stays. */
export function mergePlaybooks(base: Playbook, mine: Playbook, theirs: Playbook): Merged<Playbook> {
  const stamp = (book: Playbook) => ({ ...book, updatedAt: theirs.updatedAt });
  return mergeValues(stamp(base), stamp(mine), stamp(theirs));
}

/** Merges any JSON-shaped values (see the file comment). */
export function mergeValues<T>(base: T, mine: T, theirs: T): Merged<T> {
  const conflicts: MergeConflict[] = [];
  const result = (pick: Pick, collect: boolean) => merge(base, mine, theirs, [], pick, collect ? conflicts : null) as T;
  return { theirs: result('theirs', true), mine: result('mine', false), base: result('base', false), conflicts };
}

function merge(b: unknown, m: unknown, t: unknown, path: MergeStep[], pick: Pick, out: MergeConflict[] | null): unknown {
  if (equal(m, t)) return m;
  if (equal(m, b)) return t;
  if (equal(t, b)) return m;
  if (isRecord(b) && isRecord(m) && isRecord(t)) {
    const merged: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(t), ...Object.keys(m)])) {
      const value = merge(b[key], m[key], t[key], [...path, key], pick, out);
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  }
  if (isKeyedList(b) && isKeyedList(m) && isKeyedList(t)) return mergeList(b, m, t, path, pick, out);
  out?.push({ kind: 'value', path, base: b, mine: m, theirs: t });
  return pick === 'mine' ? m : pick === 'theirs' ? t : b;
}

type Item = Record<string, unknown> & { id: string };

function mergeList(b: Item[], m: Item[], t: Item[], path: MergeStep[], pick: Pick, out: MergeConflict[] | null): Item[] {
  const byId = (list: Item[]) => new Map(list.map((item) => [item.id, item]));
  const [bm, mm, tm] = [byId(b), byId(m), byId(t)];
  const taken = new Set([...bm.keys(), ...mm.keys(), ...tm.keys()]);
  // An id both sides added for different items (each tab picked the next free "stage-4"): both
  // items stay, this editor's under a new id.
  const renamed = new Map<string, Item>();
  for (const [id, item] of mm) {
    const other = tm.get(id);
    if (!bm.has(id) && other && !equal(item, other)) renamed.set(id, { ...item, id: freshId(id, taken) });
  }
  const mineList = m.map((item) => renamed.get(item.id) ?? item);
  const mineById = byId(mineList);

  const merged = new Map<string, Item>();
  for (const id of new Set([...tm.keys(), ...mineById.keys()])) {
    const value = merge(bm.get(id), mineById.get(id), tm.get(id), [...path, { id }], pick, out);
    if (value !== undefined) merged.set(id, value as Item);
  }
  return ordered(b, mineList, t, merged, path, pick, out);
}

/** The merged items in order: the order of the side that changed it (both: a conflict of order). */
function ordered(b: Item[], m: Item[], t: Item[], merged: Map<string, Item>, path: MergeStep[], pick: Pick, out: MergeConflict[] | null): Item[] {
  const inAll = (id: string) => merged.has(id) && [b, m, t].every((list) => list.some((item) => item.id === id));
  const common = (list: Item[]) => list.map((item) => item.id).filter(inAll);
  const [ob, om, ot] = [common(b), common(m), common(t)];
  let sides: Item[][];
  if (equal(om, ob)) sides = [t, m];
  else if (equal(ot, ob) || equal(om, ot)) sides = [m, t];
  else {
    out?.push({ kind: 'order', path, base: ob, mine: om, theirs: ot });
    sides = pick === 'mine' ? [m, t] : pick === 'theirs' ? [t, m] : [b, m, t];
  }
  // The leading side's order; an item only another side has goes after its predecessor there.
  const ids = sides[0]!.map((item) => item.id).filter((id) => merged.has(id));
  for (const side of sides.slice(1)) {
    const sideIds = side.map((item) => item.id);
    sideIds.forEach((id, i) => {
      if (!merged.has(id) || ids.includes(id)) return;
      const before = sideIds.slice(0, i).reverse().find((x) => ids.includes(x));
      ids.splice(before === undefined ? 0 : ids.indexOf(before) + 1, 0, id);
    });
  }
  for (const id of merged.keys()) if (!ids.includes(id)) ids.push(id);
  return ids.map((id) => merged.get(id)!);
}

/** `stage-4` → the first free `stage-N`. */
function freshId(id: string, taken: Set<string>): string {
  const prefix = id.replace(/-\d+$/, '') || id;
  for (let n = 1; ; n++) {
    const candidate = `${prefix}-${n}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

// ---- Deciding a conflict ----

/**
 * `root` with the value at `path` set to `value` (a copy; undefined removes a key or an item). An
 * item missing from its list is put where it stands in `source` (the version it comes from).
 */
export function setAt<T>(root: T, path: MergePath, value: unknown, source: unknown): T {
  if (path.length === 0) return structuredClone(value) as T;
  const step = path[0]!;
  const rest = path.slice(1);
  if (typeof step === 'string') {
    const record = { ...(root as Record<string, unknown>) };
    const next = rest.length === 0 ? structuredClone(value) : setAt(record[step], rest, value, (source as Record<string, unknown> | undefined)?.[step]);
    if (next === undefined) delete record[step];
    else record[step] = next;
    return record as T;
  }
  const list = [...(root as Item[])];
  const sourceList = Array.isArray(source) ? (source as Item[]) : [];
  const index = list.findIndex((item) => item.id === step.id);
  const sourceItem = sourceList.find((item) => item.id === step.id);
  const next = rest.length === 0 ? structuredClone(value) : setAt(list[index], rest, value, sourceItem);
  if (index >= 0) {
    if (next === undefined) list.splice(index, 1);
    else list[index] = next as Item;
  } else if (next !== undefined) {
    const at = sourceList.findIndex((item) => item.id === step.id);
    list.splice(at < 0 ? list.length : Math.min(at, list.length), 0, next as Item);
  }
  return list as T;
}

/** The list at `path` put in the order of `ids` (items not named keep their places). */
export function reorderAt<T>(root: T, path: MergePath, ids: readonly string[]): T {
  const list = getAt(root, path);
  if (!Array.isArray(list)) return root;
  const items = list as Item[];
  const named = ids.map((id) => items.find((item) => item.id === id)).filter((item): item is Item => item !== undefined);
  let next = 0;
  const reordered = items.map((item) => (ids.includes(item.id) ? named[next++]! : item));
  return setAt(root, path, reordered, undefined);
}

/** The value at `path` (undefined when any step is missing). */
export function getAt(root: unknown, path: MergePath): unknown {
  let current = root;
  for (const step of path) {
    if (typeof step === 'string') current = isRecord(current) ? current[step] : undefined;
    else current = Array.isArray(current) ? (current as Item[]).find((item) => isRecord(item) && item.id === step.id) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

export function samePath(a: MergePath, b: MergePath): boolean {
  return a.length === b.length && a.every((step, i) => (typeof step === 'string' ? step === b[i] : typeof b[i] === 'object' && (b[i] as { id: string }).id === step.id));
}

// ---- Values ----

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list whose items all have distinct string ids (an empty list counts). */
function isKeyedList(value: unknown): value is Item[] {
  if (!Array.isArray(value)) return false;
  const ids = new Set<string>();
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== 'string' || ids.has(item.id)) return false;
    ids.add(item.id);
  }
  return true;
}

/** Deep equality of JSON-shaped values (NaN equals NaN: a draft may hold it). */
export function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => equal(a[k], b[k]));
  }
  return false;
}
