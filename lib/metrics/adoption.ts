// Process adoption: of the required checklist items of the stages a deal has left, how many were
// done before it left them. Measured per rep and per stage from the extension's own records.

export interface AdoptionInput {
  owner: string;
  /** Stages the deal left, with the time it left and the required task ids of that stage. */
  leftStages: { stageId: string; leftAt: number; requiredTaskIds: readonly string[] }[];
  /** Done checklist items: stage id + task id → when. */
  done: ReadonlyMap<string, number>;
}

export interface Adoption {
  done: number;
  required: number;
  rate: number | null;
}

const empty = (): Adoption => ({ done: 0, required: 0, rate: null });

export function computeAdoption(inputs: readonly AdoptionInput[]): { team: Adoption; owners: Record<string, Adoption>; stages: Record<string, Adoption> } {
  const team = empty();
  const owners: Record<string, Adoption> = {};
  const stages: Record<string, Adoption> = {};
  for (const deal of inputs) {
    const owner = (owners[deal.owner] ??= empty());
    for (const left of deal.leftStages) {
      const stage = (stages[left.stageId] ??= empty());
      for (const taskId of left.requiredTaskIds) {
        const doneAt = deal.done.get(`${left.stageId}/${taskId}`);
        const counted = doneAt !== undefined && doneAt <= left.leftAt ? 1 : 0;
        for (const bucket of [team, owner, stage]) {
          bucket.required++;
          bucket.done += counted;
        }
      }
    }
  }
  for (const bucket of [team, ...Object.values(owners), ...Object.values(stages)]) bucket.rate = bucket.required ? bucket.done / bucket.required : null;
  return { team, owners, stages };
}
