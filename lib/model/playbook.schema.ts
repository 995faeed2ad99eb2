import { z } from 'zod';
import { ACTIVITY_TYPES } from './activity';
import { CRM_IDS } from './deal';

// The playbook: the team's sales process. Stored in IndexedDB, exported and imported as files,
// pushed by policy — so every field is bounded and validated here, at the trust boundary.

const MAX_TEXT = 200;
const MAX_GUIDANCE = 20_000;

export const idSchema = z
  .string()
  .min(1, 'expected a non-empty id')
  .max(64, 'expected an id of at most 64 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'expected an id of letters, digits, _ . : -');

const label = z.string().trim().min(1, 'expected a non-empty text').max(MAX_TEXT, `expected at most ${MAX_TEXT} characters`);

export const activityTypeSchema = z.enum(ACTIVITY_TYPES);

/** CRM stage (or pipeline) labels this item maps to, per CRM. Matched case- and accent-insensitively. */
export const aliasesSchema = z
  .object({
    pipedrive: z.array(label).max(20).default([]),
    hubspot: z.array(label).max(20).default([]),
    salesforce: z.array(label).max(20).default([]),
  })
  .strict()
  .default({ pipedrive: [], hubspot: [], salesforce: [] });

export const taskSchema = z
  .object({
    id: idSchema,
    title: label,
    dueDays: z.number().int('expected a whole number ≥ 0').min(0, 'expected a whole number ≥ 0').max(365, 'expected at most 365 days'),
    required: z.boolean().default(false),
    /** An activity of this type logged in the stage ticks the task by itself. */
    evidence: z.object({ activityType: activityTypeSchema }).strict().nullable().default(null),
  })
  .strict();

export const SCRIPT_KINDS = ['call', 'email'] as const;
export const MAX_SCRIPTS = 6;
const MAX_SCRIPT_BODY = 5_000;

/**
 * A call script or e-mail template of a stage: the team's text with `{{variables}}` (see
 * lib/playbook/scripts.ts). Shown and copied as text, never as HTML.
 */
export const scriptSchema = z
  .object({
    id: idSchema,
    kind: z.enum(SCRIPT_KINDS),
    title: label,
    /** E-mail subject (e-mail templates only; may hold variables). */
    subject: z.string().max(MAX_TEXT, `expected at most ${MAX_TEXT} characters`).default(''),
    body: z.string().max(MAX_SCRIPT_BODY, `expected at most ${MAX_SCRIPT_BODY} characters`),
    /** A key task of the same stage that using this script ticks (as evidence), or null. */
    ticksTask: idSchema.nullable().default(null),
  })
  .strict();

export const DEAL_FIELDS = ['value', 'closeDate', 'owner'] as const;

export const criterionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('requiredTasks') }).strict(),
  z.object({ kind: z.literal('field'), field: z.enum(DEAL_FIELDS) }).strict(),
  z.object({ kind: z.literal('closeDateNotPast') }).strict(),
  z.object({ kind: z.literal('activity'), activityType: activityTypeSchema }).strict(),
  z.object({ kind: z.literal('manual'), id: idSchema, label }).strict(),
]);

export const FORECAST_CATEGORIES = ['pipeline', 'bestCase', 'commit', 'closed', 'omitted'] as const;

export const stageSchema = z
  .object({
    id: idSchema,
    name: label,
    aliases: aliasesSchema,
    /** Short formatted text (paragraphs, **bold**, lists, [links](https://…)); rendered as text nodes, never as HTML. */
    guidance: z.string().max(MAX_GUIDANCE, `expected at most ${MAX_GUIDANCE} characters`).default(''),
    goal: z.array(criterionSchema).max(10).default([]),
    tasks: z.array(taskSchema).max(5, 'expected at most five key tasks').default([]),
    /** Qualification checklists (BANT, MEDDICC, …) laid over this stage. */
    qualifications: z.array(idSchema).max(5).default([]),
    /** Call scripts and e-mail templates for this stage (older playbooks have none). */
    scripts: z.array(scriptSchema).max(MAX_SCRIPTS, `expected at most ${MAX_SCRIPTS} scripts`).default([]),
    rotDays: z.number().int('expected a whole number ≥ 1').min(1, 'expected a whole number ≥ 1').max(3650).nullable().default(null),
    probability: z.number().min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1').default(0),
    forecastCategory: z.enum(FORECAST_CATEGORIES).default('pipeline'),
    /** Terminal stages close the deal. */
    outcome: z.enum(['won', 'lost']).nullable().default(null),
    /** Marked hard by the manager: a rep who moves a deal past it is praised, as past the stage the team converts worst at. */
    hard: z.boolean().default(false),
  })
  .strict();

export const pipelineSchema = z
  .object({
    id: idSchema,
    name: label,
    aliases: aliasesSchema,
    stages: z.array(stageSchema).min(1, 'expected at least one stage').max(30),
  })
  .strict();

export const qualificationSchema = z
  .object({
    id: idSchema,
    name: label,
    items: z.array(z.object({ id: idSchema, title: label, hint: z.string().max(500).default('') }).strict()).min(1).max(12),
  })
  .strict();

export const playbookSchema = z
  .object({
    id: idSchema,
    name: label,
    pipelines: z.array(pipelineSchema).min(1, 'expected at least one pipeline').max(20),
    qualifications: z.array(qualificationSchema).max(10).default([]),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .strict()
  .superRefine((book, ctx) => {
    // Ids are references (checklist state, stage visits): they must be unique where they are used.
    // Each issue names its note (lib/model/detail-note.ts), so the page says it in its language.
    const pipelineIds = new Set<string>();
    book.pipelines.forEach((pipeline, p) => {
      if (pipelineIds.has(pipeline.id)) ctx.addIssue({ code: 'custom', path: ['pipelines', p, 'id'], message: `duplicate pipeline id "${pipeline.id}"`, params: { note: 'duplicateId', value: pipeline.id } });
      pipelineIds.add(pipeline.id);
      const stageIds = new Set<string>();
      pipeline.stages.forEach((stage, s) => {
        if (stageIds.has(stage.id)) ctx.addIssue({ code: 'custom', path: ['pipelines', p, 'stages', s, 'id'], message: `duplicate stage id "${stage.id}"`, params: { note: 'duplicateId', value: stage.id } });
        stageIds.add(stage.id);
        const taskIds = new Set<string>();
        stage.tasks.forEach((task, t) => {
          if (taskIds.has(task.id)) ctx.addIssue({ code: 'custom', path: ['pipelines', p, 'stages', s, 'tasks', t, 'id'], message: `duplicate task id "${task.id}"`, params: { note: 'duplicateId', value: task.id } });
          taskIds.add(task.id);
        });
        const scriptIds = new Set<string>();
        stage.scripts.forEach((script, i) => {
          if (scriptIds.has(script.id)) ctx.addIssue({ code: 'custom', path: ['pipelines', p, 'stages', s, 'scripts', i, 'id'], message: `duplicate script id "${script.id}"`, params: { note: 'duplicateId', value: script.id } });
          scriptIds.add(script.id);
          if (script.ticksTask !== null && !taskIds.has(script.ticksTask))
            ctx.addIssue({ code: 'custom', path: ['pipelines', p, 'stages', s, 'scripts', i, 'ticksTask'], message: `unknown key task "${script.ticksTask}"`, params: { note: 'unknownTask', value: script.ticksTask } });
        });
        stage.qualifications.forEach((q, i) => {
          if (!book.qualifications.some((x) => x.id === q))
            ctx.addIssue({ code: 'custom', path: ['pipelines', p, 'stages', s, 'qualifications', i], message: `unknown qualification checklist "${q}"`, params: { note: 'unknownChecklist', value: q } });
        });
      });
    });
  });

export type Aliases = z.infer<typeof aliasesSchema>;
export type Task = z.infer<typeof taskSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type Script = z.infer<typeof scriptSchema>;
export type ScriptKind = (typeof SCRIPT_KINDS)[number];
export type Stage = z.infer<typeof stageSchema>;
export type Pipeline = z.infer<typeof pipelineSchema>;
export type Qualification = z.infer<typeof qualificationSchema>;
export type Playbook = z.infer<typeof playbookSchema>;
export type PlaybookInput = z.input<typeof playbookSchema>;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

export const CRM_ALIAS_KEYS = CRM_IDS;
