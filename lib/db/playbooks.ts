import type { StagecraftDb, StoredPlaybook } from './database';
import { playbookSchema, type Playbook } from '../model/playbook.schema';
import { parseWith } from '../model/issues';
import { equal } from '../playbook/merge';
import { loadSettings } from './settings';
import type { Settings } from '../model/settings.schema';
import { parseManagedPlaybook, type ManagedPlaybookResult } from '../playbook-io/managed';

/** The playbook reps follow: the managed one when policy sets it, else the active local one (`loaded`: the settings, when the caller has them). */
export async function activePlaybook(db: StagecraftDb, loaded?: Settings): Promise<StoredPlaybook | undefined> {
  const [rows, settings] = await Promise.all([db.playbooks.toArray(), loaded ?? loadSettings(db)]);
  return chooseActivePlaybook(rows, settings);
}

/** Of the stored playbooks, the one reps follow: managed first, then settings.activePlaybookId, then any local one. */
export function chooseActivePlaybook(rows: readonly StoredPlaybook[], settings: Pick<Settings, 'activePlaybookId'>): StoredPlaybook | undefined {
  return rows.find((p) => p.origin === 'managed') ?? rows.find((p) => p.id === settings.activePlaybookId) ?? rows.find((p) => p.origin === 'local');
}

/** A new install starts with a useful playbook, so the first deal page already shows guidance. */
export async function seedPlaybookIfEmpty(db: StagecraftDb, build: () => Playbook): Promise<boolean> {
  return db.transaction('rw', db.playbooks, async () => {
    if ((await db.playbooks.count()) > 0) return false;
    const playbook = playbookSchema.parse(build());
    await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
    return true;
  });
}

// ---- Options page: managed playbook, replace-active (appended; see lib/playbook-io) ----

/** Row key of the managed (policy) playbook: its own key, so it never overwrites a local playbook with the same id. */
export const MANAGED_PLAYBOOK_KEY_PREFIX = 'managed:';

/**
 * Stores the playbook pushed by browser policy as the only managed one (read-only for reps), or
 * removes it when the policy no longer sets one. One transaction: never two managed playbooks.
 */
export async function setManagedPlaybook(db: StagecraftDb, playbook: Playbook | null): Promise<void> {
  await db.transaction('rw', db.playbooks, async () => {
    const existing = await db.playbooks.filter((p) => p.origin === 'managed').primaryKeys();
    await db.playbooks.bulkDelete(existing);
    if (playbook) {
      const valid = playbookSchema.parse(playbook);
      await db.playbooks.put({ id: `${MANAGED_PLAYBOOK_KEY_PREFIX}${valid.id}`, playbook: valid, origin: 'managed' });
    }
  });
}

/**
 * Makes `input` the active local playbook (template, import): validated, then in one transaction
 * the previous active local playbook is replaced and the settings point at the new one. With
 * `expected` (what an import's preview compared against), nothing is replaced when the stored
 * playbook changed meanwhile (another tab saved): `changedMeanwhile` gives what is stored now.
 */
export async function replaceActivePlaybook(
  db: StagecraftDb,
  input: unknown,
  options: { expected?: Playbook | null } = {},
): Promise<{ ok: true; playbook: Playbook } | { ok: false; error: string; changedMeanwhile?: { current: Playbook | null } }> {
  const parsed = parseWith(playbookSchema, input);
  if (!parsed.ok) return parsed;
  const playbook = parsed.value;
  return db.transaction('rw', db.playbooks, db.settings, async () => {
    const settings = await loadSettings(db);
    const previous = (await db.playbooks.get(settings.activePlaybookId)) ?? (await db.playbooks.filter((p) => p.origin === 'local').first());
    if (options.expected !== undefined) {
      const current = previous?.origin === 'local' ? previous.playbook : null;
      if (!equal(current, options.expected)) return { ok: false as const, error: 'the playbook changed since the preview', changedMeanwhile: { current } };
    }
    if (previous && previous.origin === 'local' && previous.id !== playbook.id) await db.playbooks.delete(previous.id);
    await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
    await db.settings.put({ id: 'settings', value: { ...settings, activePlaybookId: playbook.id } });
    return { ok: true as const, playbook };
  });
}

/** The local playbook the options page edits (the active one), ignoring any managed playbook. */
export async function activeLocalPlaybook(db: StagecraftDb): Promise<StoredPlaybook | undefined> {
  const settings = await loadSettings(db);
  const active = await db.playbooks.get(settings.activePlaybookId);
  if (active?.origin === 'local') return active;
  return db.playbooks.filter((p) => p.origin === 'local').first();
}

/**
 * Applies a policy value to the database: a valid playbook replaces the managed one, an absent
 * value removes it, an invalid value changes nothing (the last valid managed playbook stays) and
 * is returned so the caller can log it.
 */
export async function applyManagedPlaybook(db: StagecraftDb, value: unknown): Promise<ManagedPlaybookResult> {
  const result = parseManagedPlaybook(value);
  if (result.status === 'ok') await setManagedPlaybook(db, result.playbook);
  else if (result.status === 'absent') await setManagedPlaybook(db, null);
  return result;
}
