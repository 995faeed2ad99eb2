import type { DealSnapshot } from '../model/deal';
import type { Pipeline, Playbook } from '../model/playbook.schema';
import { matchPipeline, matchStage, type StageMatch } from './match';
import type { MapLabel } from './stage-history';

/**
 * The deal's playbook pipeline, the match of its current stage, and how its visits' CRM labels map
 * to that pipeline's stages (stage ids are unique per pipeline, not across: a label matching a stage
 * of another pipeline maps to none). The engine and the praise rules read a deal's stays through this.
 */
export function dealStages(
  playbook: Playbook,
  snapshot: Pick<DealSnapshot, 'crm' | 'pipeline' | 'stage'>,
  account: string,
  mappings: Readonly<Record<string, string>>,
): { match: StageMatch | null; pipeline: Pipeline; mapLabel: MapLabel } {
  const match = matchStage(playbook, snapshot.crm, account, snapshot.pipeline, snapshot.stage, mappings);
  const pipeline = match?.pipeline ?? matchPipeline(playbook, snapshot.crm, snapshot.pipeline);
  const labelCache = new Map<string, string | null>();
  const mapLabel: MapLabel = (label) => {
    if (!labelCache.has(label)) {
      const found = matchStage(playbook, snapshot.crm, account, snapshot.pipeline, label, mappings);
      labelCache.set(label, found && found.pipeline.id === pipeline.id ? found.stage.id : null);
    }
    return labelCache.get(label)!;
  };
  return { match, pipeline, mapLabel };
}
