import { validateHistory, type History } from '@/lib/metrics/history.schema';

// Small histories for hand-computed tests, written in the file format (ISO dates) and validated
// like the command does, so every test also goes through the schema.

export const PIPELINES = [
  {
    id: 'p1',
    name: 'New business',
    stages: [
      { id: 's1', name: 'Qualified', probability: 0.1, rotDays: 14 },
      { id: 's2', name: 'Demo', probability: 0.3, rotDays: 10 },
      { id: 's3', name: 'Proposal', probability: 0.6, rotDays: 7 },
      { id: 's4', name: 'Negotiation', probability: 0.9, rotDays: null },
    ],
  },
  {
    id: 'p2',
    name: 'Renewals',
    stages: [
      { id: 'r1', name: 'Due', probability: 0.5, rotDays: 30 },
      { id: 'r2', name: 'Signed', probability: 1, rotDays: null },
    ],
  },
];

export interface DealSpec {
  id?: string;
  owner?: string;
  pipeline?: string;
  value?: number;
  status?: 'open' | 'won' | 'lost';
  createdAt?: string;
  closedAt?: string | null;
  /** [stage, enteredAt] pairs, chronological. */
  stages?: [string, string][];
  source?: string;
  product?: string;
}

let counter = 0;
export function fileDeal(spec: DealSpec) {
  return {
    id: spec.id ?? `d${++counter}`,
    title: '',
    owner: spec.owner ?? 'Anna',
    pipeline: spec.pipeline ?? 'p1',
    value: spec.value ?? 0,
    currency: 'EUR',
    createdAt: spec.createdAt ?? '2026-01-01T00:00:00Z',
    closedAt: spec.closedAt ?? null,
    status: spec.status ?? 'open',
    stageHistory: (spec.stages ?? []).map(([stage, enteredAt]) => ({ stage, enteredAt })),
    ...(spec.source ? { source: spec.source } : {}),
    ...(spec.product ? { product: spec.product } : {}),
  };
}

export function history(input: {
  deals: DealSpec[];
  activities?: { dealId: string; owner: string; type: string; at: string }[];
  forecasts?: { owner?: string | null; period: string; amount: number }[];
  pipelines?: unknown[];
}): History {
  return validateHistory({
    version: 1,
    pipelines: input.pipelines ?? PIPELINES,
    deals: input.deals.map(fileDeal),
    activities: input.activities ?? [],
    forecasts: input.forecasts ?? [],
  });
}

export const DAY = 86_400_000;
export const ms = (iso: string) => Date.parse(iso);
/** Days between two ISO instants. */
export const days = (from: string, to: string) => (ms(to) - ms(from)) / DAY;
