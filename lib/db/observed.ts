import type { StagecraftDb } from './database';
import type { ObservedData } from '../metrics/from-extension';
import { activePlaybook } from './playbooks';
import { loadSettings } from './settings';

/** Everything the extension observed, for scorecards; null when there is no playbook. */
export async function loadObserved(db: StagecraftDb): Promise<(ObservedData & { me: Record<string, string> }) | null> {
  const [stored, settings, deals, visits, activities, checklist] = await Promise.all([
    activePlaybook(db),
    loadSettings(db),
    db.deals.toArray(),
    db.stageVisits.toArray(),
    db.activities.toArray(),
    db.checklist.toArray(),
  ]);
  if (!stored) return null;
  return { playbook: stored.playbook, deals, visits, activities, checklist, mappings: settings.stageMappings, defaultRotDays: settings.defaultRotDays, learnedRotDays: settings.learnedRotDays, me: settings.me };
}
