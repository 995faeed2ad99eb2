import { BASELINE, expectedPass, type Scenario } from './engine';
import type { Projection } from './project';

// What drives the projection: each lever moved by DRIVER_STEP (10 %) on its own, and how much the
// expected won value of each projected quarter changes (same model, same exact pass):
//   moreNewDeals   new deals a month × 1.1
//   weakestStage   the conversion of each pipeline's weakest stage × 1.1 (at most 100 %): new
//                  deals and open deals not yet past that stage win that much more often
//   shorterCycle   every time to close × 0.9
// Sorted by the effect on the last quarter, largest first.

export const DRIVER_STEP = 0.1;

export type DriverId = 'moreNewDeals' | 'weakestStage' | 'shorterCycle';

export interface Driver {
  id: DriverId;
  /** Per quarter key: change of the expected won value. */
  change: Record<string, number>;
  /** weakestStage: the stage per pipeline and its conversion now. */
  stages: { pipeline: string; stage: string; conversion: number }[];
}

export function drivers(projection: Projection): Driver[] {
  const { model, horizon, expected } = projection;
  const total = (cells: ReturnType<typeof expectedPass>['cells']) =>
    horizon.quarterKeys.map((_, q) => cells.reduce((s, c) => s + c.value.reduce((t, v, m) => (horizon.quarterOf[m] === q ? t + v : t), 0), 0));
  const base = total(expected.cells);
  const stages: Driver['stages'] = [];
  const conversion: Scenario['conversion'] = {};
  for (const [pipeline, weakest] of Object.entries(model.weakestStage)) {
    if (!weakest || weakest.conversion <= 0) continue;
    stages.push({ pipeline, stage: weakest.stage, conversion: weakest.conversion });
    conversion[pipeline] = { position: weakest.position, factor: Math.min(1, weakest.conversion * (1 + DRIVER_STEP)) / weakest.conversion };
  }
  const scenarios: [DriverId, Scenario][] = [
    ['moreNewDeals', { ...BASELINE, rateFactor: 1 + DRIVER_STEP }],
    ['weakestStage', { ...BASELINE, conversion }],
    ['shorterCycle', { ...BASELINE, cycleFactor: 1 - DRIVER_STEP }],
  ];
  const out = scenarios.map(([id, scenario]): Driver => {
    const moved = total(expectedPass(model, horizon, scenario).cells);
    return { id, change: Object.fromEntries(horizon.quarterKeys.map((key, q) => [key, moved[q]! - base[q]!])), stages: id === 'weakestStage' ? stages : [] };
  });
  const last = horizon.quarterKeys[horizon.quarterKeys.length - 1]!;
  return out.sort((a, b) => (b.change[last] ?? 0) - (a.change[last] ?? 0));
}
