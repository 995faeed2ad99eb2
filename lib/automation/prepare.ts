// A dry run: the reps the CRM has now, every candidate deal read from the CRM now (with the fields
// the rules name), and the plan they give. Apply carries out this very plan.

import type { SyncFailure } from '../team-sync/types';
import type { AutomationCrm } from './crm/types';
import { planAssignments, type AssignmentPlan } from './plan';
import { fieldsUsed, type AssignmentSettings } from './rules';
import type { Candidate, LiveDeal, Rep } from './types';
import { describeFailure } from './apply';

export interface PrepareInput {
  crm: AutomationCrm;
  settings: AssignmentSettings;
  candidates: readonly Candidate[];
  rotation: Readonly<Record<string, string>>;
  /** Open deals per rep display name (the synced team). */
  openDealsByName: ReadonlyMap<string, number>;
}

export type Prepared = { ok: true; plan: AssignmentPlan; reps: Rep[] } | { ok: false; failure: SyncFailure };

export async function prepareAssignment(input: PrepareInput): Promise<Prepared> {
  const reps = await input.crm.reps();
  if (!reps.ok) return { ok: false, failure: reps };
  const fields = fieldsUsed(input.settings);
  const live = new Map<string, LiveDeal | { error: string }>();
  for (const candidate of input.candidates) {
    const read = await input.crm.readDeal(candidate.dealId, fields);
    live.set(candidate.dealId, read.ok ? read.value : { error: describeFailure(read) });
  }
  const openDeals = new Map(reps.value.map((r) => [r.id, input.openDealsByName.get(r.name) ?? 0]));
  const plan = planAssignments({ settings: input.settings, candidates: input.candidates, live, reps: reps.value, rotation: input.rotation, openDeals });
  return { ok: true, plan, reps: reps.value };
}
