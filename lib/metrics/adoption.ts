// Process adoption: of the required checklist items of the stages deals have LEFT, the share that
// was done before the deal left the stage.
//
//   adoption = Σ required items done at or before leaving ÷ Σ required items of left stages
//
// - Counted per leave: a deal that leaves a stage twice counts its required items twice.
// - A stage the deal is still in does not count (it has not been left yet); a closed deal left its
//   last stage when it closed (give closedAt).
// - An item done after the deal left the stage does not count for that leave (done late ≠ followed).
// - rate is null when no required item was due (nothing to judge), never 0.
// Results for the team, per rep, per stage and per rep × stage. Stage ids are used as given: qualify
// them ("pipeline/stage") if two pipelines share ids.

export interface AdoptionInput {
  owner: string;
  /** Stages the deal left, with the time it left and the required task ids of that stage. */
  leftStages: { stageId: string; leftAt: number; requiredTaskIds: readonly string[] }[];
  /** Done checklist items: `${stageId}/${taskId}` → when. */
  done: ReadonlyMap<string, number>;
}

export interface Adoption {
  done: number;
  required: number;
  rate: number | null;
}

export interface AdoptionResult {
  team: Adoption;
  owners: Record<string, Adoption>;
  stages: Record<string, Adoption>;
  /** owner → stage → adoption. */
  ownerStages: Record<string, Record<string, Adoption>>;
}

const empty = (): Adoption => ({ done: 0, required: 0, rate: null });

function bucket(map: Map<string, Adoption>, key: string): Adoption {
  let b = map.get(key);
  if (!b) map.set(key, (b = empty()));
  return b;
}

export function computeAdoption(inputs: readonly AdoptionInput[]): AdoptionResult {
  const team = empty();
  const owners = new Map<string, Adoption>();
  const stages = new Map<string, Adoption>();
  const ownerStages = new Map<string, Map<string, Adoption>>();
  for (const deal of inputs) {
    const owner = bucket(owners, deal.owner);
    let perStage = ownerStages.get(deal.owner);
    if (!perStage) ownerStages.set(deal.owner, (perStage = new Map()));
    for (const left of deal.leftStages) {
      const stage = bucket(stages, left.stageId);
      const ownerStage = bucket(perStage, left.stageId);
      for (const taskId of left.requiredTaskIds) {
        const doneAt = deal.done.get(`${left.stageId}/${taskId}`);
        const counted = doneAt !== undefined && doneAt <= left.leftAt ? 1 : 0;
        for (const b of [team, owner, stage, ownerStage]) {
          b.required++;
          b.done += counted;
        }
      }
    }
  }
  const all = [team, ...owners.values(), ...stages.values(), ...[...ownerStages.values()].flatMap((m) => [...m.values()])];
  for (const b of all) b.rate = b.required ? b.done / b.required : null;
  return {
    team,
    owners: Object.fromEntries(owners),
    stages: Object.fromEntries(stages),
    ownerStages: Object.fromEntries([...ownerStages].map(([owner, m]) => [owner, Object.fromEntries(m)])),
  };
}

// ---------------------------------------------------------------------------------------------
// The same from raw stage visits and checklist states.

export interface StageVisitInput {
  stageId: string;
  enteredAt: number;
}

export interface ChecklistState {
  stageId: string;
  itemId: string;
  /** When the item was (last) marked done; null = not done. */
  doneAt: number | null;
}

export interface AdoptionDeal {
  owner: string;
  /** Stage visits, chronological. Consecutive visits of one stage are one stay. */
  visits: readonly StageVisitInput[];
  checklist: readonly ChecklistState[];
  /** When the deal closed, if it did: it left its last stage then. */
  closedAt?: number | null;
}

/** Visits + checklist states → the stages each deal left (visit i is left when visit i+1 begins). */
export function adoptionInputs(deals: readonly AdoptionDeal[], requiredItems: Readonly<Record<string, readonly string[]>>): AdoptionInput[] {
  return deals.map((deal) => {
    const stays: StageVisitInput[] = [];
    for (const visit of deal.visits) if (stays.at(-1)?.stageId !== visit.stageId) stays.push(visit);
    const leftStages: AdoptionInput['leftStages'] = [];
    stays.forEach((stay, i) => {
      const leftAt = i + 1 < stays.length ? stays[i + 1]!.enteredAt : (deal.closedAt ?? null);
      if (leftAt !== null) leftStages.push({ stageId: stay.stageId, leftAt, requiredTaskIds: requiredItems[stay.stageId] ?? [] });
    });
    const done = new Map<string, number>();
    for (const item of deal.checklist) if (item.doneAt !== null) done.set(`${item.stageId}/${item.itemId}`, item.doneAt);
    return { owner: deal.owner, leftStages, done };
  });
}

/** Adoption straight from visits and checklist states. */
export function adoptionFromVisits(deals: readonly AdoptionDeal[], requiredItems: Readonly<Record<string, readonly string[]>>): AdoptionResult {
  return computeAdoption(adoptionInputs(deals, requiredItems));
}
