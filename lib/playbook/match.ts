import type { CrmId } from '../model/deal';
import type { Pipeline, Playbook, Stage } from '../model/playbook.schema';

// Which playbook pipeline and stage a CRM's labels mean. Labels match case-, accent- and
// punctuation-insensitively ("Proposal/Price Quote" = "proposal price quote", "Qualifiée" =
// "qualifiee"); a rep's remembered choice ("map this stage to…") wins over everything, then the
// aliases of the deal's own CRM, then the stage's own name.

/**
 * The form labels are compared in: accents stripped, lower case, every run of punctuation and
 * white space one space. A label of punctuation or symbols only ("🔥") is kept as written (lower
 * case, trimmed), so two such labels don't both become "" and match each other.
 */
export function normalizeLabel(label: string): string {
  const folded = label
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded || label.trim().toLowerCase();
}

/** Key of a remembered mapping: `crm:account:normalised label` (the account in lower case). */
export function mappingKey(crm: CrmId, account: string, stageLabel: string): string {
  return `${crm}:${account.toLowerCase()}:${normalizeLabel(stageLabel)}`;
}

/** `pipelineId/stageId` as stored in settings.stageMappings. */
export function mappingTarget(pipelineId: string, stageId: string): string {
  return `${pipelineId}/${stageId}`;
}

/** A stored mapping target split into its ids; null when it is not `pipelineId/stageId`. */
export function parseMappingTarget(target: string): { pipelineId: string; stageId: string } | null {
  const slash = target.indexOf('/');
  if (slash <= 0 || slash === target.length - 1 || target.indexOf('/', slash + 1) !== -1) return null;
  return { pipelineId: target.slice(0, slash), stageId: target.slice(slash + 1) };
}

type Named = { name: string; aliases: Record<CrmId, string[]> };

// Not cached: playbooks are small, and the options editor may change aliases in place.
const aliasesOf = (item: Named, crm: CrmId): ReadonlySet<string> => new Set(item.aliases[crm].map(normalizeLabel));

/** The pipeline a CRM pipeline label maps to (its name or an alias of that CRM); the first pipeline when there is no label or no match. */
export function matchPipeline(playbook: Playbook, crm: CrmId, pipelineLabel: string | null): Pipeline {
  if (pipelineLabel) {
    const wanted = normalizeLabel(pipelineLabel);
    const found =
      playbook.pipelines.find((pipeline) => aliasesOf(pipeline, crm).has(wanted)) ??
      playbook.pipelines.find((pipeline) => normalizeLabel(pipeline.name) === wanted);
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

function remembered(
  pipelines: readonly Pipeline[],
  crm: CrmId,
  account: string,
  stageLabel: string,
  mappings: Readonly<Record<string, string>>,
): StageMatch | null {
  const key = mappingKey(crm, account, stageLabel);
  const target = Object.hasOwn(mappings, key) ? parseMappingTarget(mappings[key]!) : null;
  if (!target) return null;
  const pipeline = pipelines.find((p) => p.id === target.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === target.stageId);
  return pipeline && stage ? { pipeline, stage, by: 'mapping' } : null;
}

/** Alias of this CRM first, then the stage's name; within one pipeline. */
function byLabel(pipeline: Pipeline, crm: CrmId, wanted: string): StageMatch | null {
  const byAlias = pipeline.stages.find((stage) => aliasesOf(stage, crm).has(wanted));
  if (byAlias) return { pipeline, stage: byAlias, by: 'alias' };
  const byName = pipeline.stages.find((stage) => normalizeLabel(stage.name) === wanted);
  return byName ? { pipeline, stage: byName, by: 'name' } : null;
}

/**
 * The playbook stage for a CRM stage label, anywhere in the playbook: remembered mapping → alias of
 * this CRM → stage name, looking in the deal's own pipeline first, then in the others (a CRM
 * pipeline with no playbook twin). Null when nothing matches (the UI offers "map this stage to…").
 */
export function matchStage(
  playbook: Playbook,
  crm: CrmId,
  account: string,
  pipelineLabel: string | null,
  stageLabel: string | null,
  mappings: Readonly<Record<string, string>>,
): StageMatch | null {
  if (!stageLabel || !stageLabel.trim()) return null;
  const mapped = remembered(playbook.pipelines, crm, account, stageLabel, mappings);
  if (mapped) return mapped;
  const wanted = normalizeLabel(stageLabel);
  const preferred = matchPipeline(playbook, crm, pipelineLabel);
  for (const pipeline of [preferred, ...playbook.pipelines.filter((p) => p !== preferred)]) {
    const found = byLabel(pipeline, crm, wanted);
    if (found) return found;
  }
  return null;
}

/**
 * The stage of one pipeline a CRM stage label means, or null: a remembered mapping into this
 * pipeline → an alias of this CRM → the stage's name.
 */
export function matchStageIn(
  pipeline: Pipeline,
  crm: CrmId,
  stageLabel: string | null,
  mappings: Readonly<Record<string, string>>,
  account: string,
): Stage | null {
  if (!stageLabel || !stageLabel.trim()) return null;
  return (remembered([pipeline], crm, account, stageLabel, mappings) ?? byLabel(pipeline, crm, normalizeLabel(stageLabel)))?.stage ?? null;
}

/** The terminal stage of a closed deal (a Pipedrive deal keeps its open stage when won or lost). */
export function outcomeStage(pipeline: Pipeline, status: 'won' | 'lost'): Stage | null {
  return pipeline.stages.find((stage) => stage.outcome === status) ?? null;
}
