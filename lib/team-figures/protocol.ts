import { z } from 'zod';
import { isMessageKey, type MessageKey } from '../i18n';
import { MATURITY_QUESTIONS } from '../model/insights.schema';
import { MEASURED_DIMENSIONS, type DimensionId, type MessageParam } from '../maturity/assess';
import { RHYTHM_RUNGS } from '../kpi/rhythm';
import { kpiInputsSchema } from '../model/kpi-inputs.schema';
import type { NoteId, NoteValue } from '../model/detail-note';
import { contractProblem } from '../projection/protocol';
import type { PageFigures, TeamFiguresAsk } from './pages';

// The contract between a team page and the team figures worker, checked with zod on each side (a
// message is a trust boundary: a worker built from another version, or a bug, must not put wrong
// figures on screen). The page asks for one page's figures; the worker answers with them, and again
// each time the team's data changes, until the page asks again — or says in one line what failed.
// Every answer carries its ask's id; the page keeps only the answers to its latest ask.

export { contractProblem };

const finite = z.number().finite();
const count = z.number().int().min(0);
const ratio = finite.nullable();
const record = <T extends z.ZodTypeAny>(value: T) => z.record(z.string(), value);

const periodChoice = z.enum(['quarter', 'lastQuarter', 'year', 'all']);
const crmId = z.enum(['pipedrive', 'hubspot', 'salesforce']);

export const teamFiguresAskSchema = z.discriminatedUnion('page', [
  z.object({ page: z.literal('team'), now: finite, period: periodChoice }),
  z.object({ page: z.literal('forecast'), now: finite, period: z.string().max(40).nullable(), owner: z.string().max(500) }),
  z.object({ page: z.literal('maturity'), now: finite }),
  z.object({ page: z.literal('kpi'), now: finite }),
  z.object({ page: z.literal('ticks'), now: finite }),
  z.object({ page: z.literal('scorecard'), now: finite, period: periodChoice, crm: crmId, account: z.string().max(500), dealOwner: z.string().max(500).nullable() }),
]) satisfies z.ZodType<TeamFiguresAsk>;

export const teamFiguresRequestSchema = z.object({ id: count, ask: teamFiguresAskSchema });
export type TeamFiguresRequest = z.infer<typeof teamFiguresRequestSchema>;

const adoptionSchema = z.object({ done: count, required: count, rate: ratio });
const viewFiguresSchema = z.object({
  won: count,
  lost: count,
  winRateCount: ratio,
  winRateValue: ratio,
  avgWonValue: ratio,
  medianCycleDays: ratio,
  meanCycleDays: ratio,
  open: count,
  openValue: finite,
  weightedPipeline: finite,
  stalled: count,
  velocityPerDay: ratio,
  stageConversion: record(record(ratio)),
  activitiesPerDeal: ratio,
  forecastAccuracy: record(ratio),
  adoption: adoptionSchema,
  adoptionByStage: record(record(adoptionSchema)),
  medianWonValue: ratio,
  samples: z.object({ closed: count, closedPriced: count, wonPriced: count, cycles: count, open: count, deals: count }),
  reached: record(record(count)),
  unpricedDeals: count,
  nextStep: z.object({ scheduled: count, open: count, share: ratio }),
});
const repSchema = z.object({ owner: z.string().nullable(), metrics: viewFiguresSchema });
const provenanceSchema = z.object({ crm: crmId, syncedAt: finite, deals: count }).nullable();
const unpricedSchema = record(count);
const noteValueSchema: z.ZodType<NoteValue> = z.union([z.string(), finite, z.object({ bytes: finite }), z.object({ kind: z.enum(['text', 'number', 'boolean', 'object', 'array', 'null', 'missing', 'date', 'other']) }), z.object({ list: z.array(z.string()) })]);
const noteSchema = z.object({ id: z.custom<NoteId>((v) => typeof v === 'string'), at: z.string().optional(), values: record(noteValueSchema).optional() });

const teamPageSchema = z.object({
  page: z.literal('team'),
  view: z.object({
    team: repSchema,
    reps: z.array(repSchema),
    stageOrder: record(z.array(z.string())),
    stageNames: record(z.string()),
    pipelineNames: record(z.string()),
    rejected: z.array(z.object({ id: z.string(), name: z.string(), error: z.string(), note: noteSchema.optional() })),
    observedDeals: count,
    syncedDeals: count,
    importedDeals: count,
    synced: provenanceSchema,
    importCount: z.number().int(),
    options: z.object({ asOf: finite, from: finite.nullable(), toExclusive: finite.nullable() }),
    currency: z.string().nullable(),
    unpriced: unpricedSchema,
  }),
});

const forecastPageSchema = z.object({
  page: z.literal('forecast'),
  currency: z.string(),
  accuracy: z.array(
    z.object({ period: z.string(), owner: z.string().nullable(), forecast: finite, actual: finite, error: finite, bias: ratio, accuracy: ratio, source: z.enum(['snapshot', 'reconstructed', 'imported', 'none', 'team']), week: z.string().nullable() }),
  ),
  gaps: z.array(z.object({ period: z.string(), owners: z.array(z.string()) })),
  periods: z.array(z.string()),
  owners: z.array(z.string()),
  current: z.string(),
  period: z.string().nullable(),
  weeks: z.array(z.object({ week: z.string(), categories: record(finite), weightedPipeline: finite, reconstructed: z.boolean() })),
  synced: provenanceSchema,
  unpriced: unpricedSchema,
});

const messageKey = z.custom<MessageKey>((v) => typeof v === 'string' && isMessageKey(v), 'not a message of this version');
const messageParam: z.ZodType<MessageParam> = z.union([finite, z.object({ percent: finite }), z.object({ message: messageKey })]);
const messageSchema = z.object({ key: messageKey, params: record(messageParam) });
const dimensionId = z.enum([...MEASURED_DIMENSIONS, ...MATURITY_QUESTIONS]) satisfies z.ZodType<DimensionId>;
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const maturityPageSchema = z.object({
  page: z.literal('maturity'),
  answers: z.partialRecord(z.enum(MATURITY_QUESTIONS), finite),
  answeredAt: z.string().nullable(),
  synced: provenanceSchema,
  result: z.object({
    level,
    dimensions: z.array(z.object({ id: dimensionId, kind: z.enum(['measured', 'question']), score: finite, level, value: ratio, measured: messageSchema })),
    bottleneck: dimensionId.nullable(),
    nextSteps: z.array(messageSchema.extend({ dimension: dimensionId })),
  }),
});

const source = z.enum(['measured', 'entered']).nullable();
const kpiPageSchema = z.object({
  page: z.literal('kpi'),
  currency: z.string(),
  kpis: z.object({
    months: z.array(z.string()),
    newDeals: z.array(finite),
    newDealsGrowth: z.array(ratio),
    newCustomers: z.array(finite),
    newCustomersGrowth: z.array(ratio),
    revenue: z.array(finite),
    channels: z.array(z.string()),
    revenueByChannel: record(z.array(finite)),
    spendByChannel: record(z.array(finite)),
    byChannel: z.array(z.object({ channel: z.string(), revenue: finite, customers: finite, spend: finite, cac: ratio, ltvToCac: ratio })),
    blended: z.object({ spend: finite, customers: finite, cac: ratio, ltvToCac: ratio }),
    churn: z.object({ annual: ratio, source, renewalsClosed: count, renewalsLost: count }),
    grossMargin: z.object({ value: ratio, source }),
    arpa: ratio,
    ltv: ratio,
  }),
  rhythm: z.object({
    growthMonths: count,
    channelShare: ratio,
    spendMonths: count,
    churn: source,
    margin: z.boolean(),
    met: z.object(Object.fromEntries(RHYTHM_RUNGS.map((r) => [r, z.boolean()])) as Record<(typeof RHYTHM_RUNGS)[number], z.ZodBoolean>),
    score: count,
  }),
  inputs: kpiInputsSchema,
  pipelines: z.array(z.object({ id: z.string(), name: z.string(), stages: z.array(z.object({ id: z.string(), name: z.string(), probability: finite, rotDays: finite.nullable(), requiredTasks: z.array(z.string()).optional() })) })),
  synced: provenanceSchema,
  unpriced: unpricedSchema,
});

const ticksPageSchema = z.object({ page: z.literal('ticks'), shared: count, ignored: count });

const segmentSchema = z.object({ won: count, lost: count, winRateCount: ratio, winRateValue: ratio, avgWonValue: ratio, medianWonValue: ratio });
const breakdownsSchema = z.object({ pipeline: record(segmentSchema), source: record(segmentSchema), product: record(segmentSchema) });
const decisionSchema = z.object({ count, medianDays: ratio, meanDays: ratio });
// A deal's link is opened in a new tab: only a web page's address is taken.
const dealUrlSchema = z.string().max(2000).refine((url) => /^https:\/\//.test(url), 'not an https address').nullable();
const scorecardPageSchema = z.object({
  page: z.literal('scorecard'),
  view: z
    .object({
      breakdown: z.object({ me: breakdownsSchema.nullable(), team: breakdownsSchema }),
      decision: z.object({ me: decisionSchema.nullable(), team: decisionSchema }),
      pipelineNames: record(z.string()),
      meName: z.string().nullable(),
      me: viewFiguresSchema.nullable(),
      team: viewFiguresSchema,
      stalledDeals: z.array(z.object({ key: z.string(), title: z.string(), days: finite, limit: finite })),
      stageNames: record(z.string()),
      stageOrder: record(z.array(z.string())),
      coaching: z.object({ pipelineId: z.string(), fromStageId: z.string(), toStageId: z.string(), ownerRate: finite, teamRate: finite, topTask: z.string().nullable() }).nullable(),
      dealCount: count,
      currency: z.string().nullable(),
      unpriced: unpricedSchema,
    })
    .nullable(),
  dealUrls: record(dealUrlSchema),
});

export const pageFiguresSchema = z.discriminatedUnion('page', [scorecardPageSchema, teamPageSchema, forecastPageSchema, maturityPageSchema, kpiPageSchema, ticksPageSchema]) satisfies z.ZodType<PageFigures>;

export const teamFiguresReplySchema = z.discriminatedUnion('type', [
  /** storedAt: null for figures from the team's data now; else when these kept figures were worked out (epoch ms). */
  z.object({ type: z.literal('figures'), id: count, figures: pageFiguresSchema, storedAt: finite.nullable() }),
  z.object({ type: z.literal('failed'), id: count, message: z.string() }),
]);
export type TeamFiguresReply = z.infer<typeof teamFiguresReplySchema>;

// On the page, a reply is checked a part at a time: the team page's reps (200 reps' figures took
// the page's thread for 60–100 ms in one go) in slices, each in its own turn of the event loop, so
// the page stays responsive. The parts together are the whole contract above.
const REPS_PER_SLICE = 20;
const teamPageOutline = teamPageSchema.extend({ view: teamPageSchema.shape.view.extend({ reps: z.array(z.unknown()) }) });
const replyOutlineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('figures'), id: count, figures: z.discriminatedUnion('page', [scorecardPageSchema, teamPageOutline, forecastPageSchema, maturityPageSchema, kpiPageSchema, ticksPageSchema]), storedAt: finite.nullable() }),
  z.object({ type: z.literal('failed'), id: count, message: z.string() }),
]);
const repSliceSchema = z.array(repSchema);

/**
 * Checks a reply as teamFiguresReplySchema does — the same data, or the first problem as
 * contractProblem names it — awaiting `nextTurn` between its parts.
 */
export async function checkTeamFiguresReply(data: unknown, nextTurn: () => Promise<void>): Promise<{ reply: TeamFiguresReply } | { problem: string }> {
  const outline = replyOutlineSchema.safeParse(data);
  if (!outline.success) return { problem: contractProblem(outline.error) };
  const reply = outline.data;
  if (reply.type !== 'figures' || reply.figures.page !== 'team') return { reply: reply as TeamFiguresReply };
  const view = reply.figures.view;
  const reps: z.infer<typeof repSchema>[] = [];
  for (let first = 0; first < view.reps.length; first += REPS_PER_SLICE) {
    await nextTurn();
    const slice = repSliceSchema.safeParse(view.reps.slice(first, first + REPS_PER_SLICE));
    if (!slice.success) {
      const issues = slice.error.issues.map((issue) => ({ ...issue, path: ['figures', 'view', 'reps', first + (issue.path[0] as number), ...issue.path.slice(1)] }));
      return { problem: contractProblem(new z.ZodError(issues)) };
    }
    reps.push(...slice.data);
  }
  return { reply: { ...reply, figures: { ...reply.figures, view: { ...view, reps } } } };
}
