import type { StagecraftDb } from './database';
import type { KpiInputs } from '../model/kpi-inputs.schema';
import { loadSettings, updateSettings } from './settings';

/**
 * Changes the KPI dashboard's entered inputs from what is stored now (read and written in one
 * transaction), so two quick edits — a margin, then a pipeline — never undo each other.
 */
export async function updateKpiInputs(db: StagecraftDb, change: (current: KpiInputs) => Partial<KpiInputs>): Promise<KpiInputs> {
  return db.transaction('rw', db.settings, async () => {
    const current = (await loadSettings(db)).kpiInputs;
    return (await updateSettings(db, { kpiInputs: { ...current, ...change(current) } })).kpiInputs;
  });
}
