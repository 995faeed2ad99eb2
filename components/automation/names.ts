import type { Translate } from '@/lib/i18n';
import type { Rep } from '@/lib/automation/types';
import type { AssignTarget, RepGroup } from '@/lib/automation/rules';
import type { SyncedPipeline } from '@/lib/team-sync/types';

/** A rep's name as the CRM gave it; an id the CRM no longer lists says so. */
export function repName(t: Translate, reps: readonly Rep[] | null, id: string | null): string {
  if (id === null) return t('automation.nobody');
  return reps?.find((r) => r.id === id)?.name ?? t('automation.rep.unknown', { id });
}

export function targetText(t: Translate, target: AssignTarget, reps: readonly Rep[] | null, groups: readonly RepGroup[]): string {
  if (target.kind === 'owner') return repName(t, reps, target.ownerId);
  const group = groups.find((g) => g.id === target.groupId)?.name ?? target.groupId;
  return t(target.kind === 'roundRobin' ? 'automation.target.roundRobinIn' : 'automation.target.leastLoadedIn', { group });
}

export function pipelineName(pipelines: readonly SyncedPipeline[], id: string): string {
  return pipelines.find((p) => p.id === id)?.name ?? id;
}

export function stageName(pipelines: readonly SyncedPipeline[], id: string): string {
  for (const p of pipelines) {
    const stage = p.stages.find((s) => s.id === id);
    if (stage) return pipelines.length > 1 ? `${stage.name} (${p.name})` : stage.name;
  }
  return id;
}
