import type { CrmId } from '../model/deal';
import type { Pipeline, Playbook, Stage } from '../model/playbook.schema';

// Which playbook pipeline and stage a CRM's labels mean. Labels match case-, accent- and
// punctuation-insensitively ("Proposal/Price Quote" = "proposal price quote", "Qualifiée" =
// "qualifiee"); a rep's remembered choice ("map this stage to…") wins over everything.

export function normalizeLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Key of a remembered mapping: one CRM account's stage label. */
export function mappingKey(crm: CrmId, account: string, stageLabel: string): string {
  return `${crm}:${account.toLowerCase()}:${normalizeLabel(stageLabel)}`;
}

/** `pipelineId/stageId` as stored in settings.stageMappings. */
export function mappingTarget(pipelineId: string, stageId: string): string {
  return `${pipelineId}/${stageId}`;
}

const labelsOf = (item: { name: string; aliases: Record<CrmId, string[]> }, crm: CrmId) => [...item.aliases[crm], item.name].map(normalizeLabel);

/** The pipeline a CRM pipeline label maps to; the first pipeline when there is no label or no match. */
export function matchPipeline(playbook: Playbook, crm: CrmId, pipelineLabel: string | null): Pipeline {
  if (pipelineLabel) {
    const wanted = normalizeLabel(pipelineLabel);
    const found = playbook.pipelines.find((pipeline) => labelsOf(pipeline, crm).includes(wanted));
    if (found) return found;
  }
  return playbook.pipelines[0]!;
}

export interface StageMatch {
  pipeline: Pipeline;
  stage: Stage;
  /** How it was found: a remembered choice, an alias of this CRM, or the stage's own name. */
  by: 'mapping' | 'alias' | 'name';
}

/** The playbook stage for a CRM stage label (remembered mapping → CRM alias → name), or null. */
export function matchStage(
  playbook: Playbook,
  crm: CrmId,
  account: string,
  pipelineLabel: string | null,
  stageLabel: string | null,
  mappings: Readonly<Record<string, string>>,
): StageMatch | null {
  if (!stageLabel) return null;
  const remembered = mappings[mappingKey(crm, account, stageLabel)];
  if (remembered) {
    const [pipelineId, stageId] = remembered.split('/');
    const pipeline = playbook.pipelines.find((p) => p.id === pipelineId);
    const stage = pipeline?.stages.find((s) => s.id === stageId);
    if (pipeline && stage) return { pipeline, stage, by: 'mapping' };
  }
  const wanted = normalizeLabel(stageLabel);
  const preferred = matchPipeline(playbook, crm, pipelineLabel);
  // The deal's own pipeline first, then any other (a CRM pipeline with no playbook twin).
  for (const pipeline of [preferred, ...playbook.pipelines.filter((p) => p !== preferred)]) {
    const byAlias = pipeline.stages.find((stage) => stage.aliases[crm].some((alias) => normalizeLabel(alias) === wanted));
    if (byAlias) return { pipeline, stage: byAlias, by: 'alias' };
    const byName = pipeline.stages.find((stage) => normalizeLabel(stage.name) === wanted);
    if (byName) return { pipeline, stage: byName, by: 'name' };
  }
  return null;
}

/** The terminal stage of a closed deal (a Pipedrive deal keeps its open stage when won or lost). */
export function outcomeStage(pipeline: Pipeline, status: 'won' | 'lost'): Stage | null {
  return pipeline.stages.find((stage) => stage.outcome === status) ?? null;
}
