import { z } from 'zod';

// A word of praise stored for a deal (schema v9): a deal moved past a stage the team finds hard, or a
// milestone the manager switched on. Its id says what it praises, so the same move or milestone can
// never be stored twice, whoever derives it and however often (lib/db/praise.ts).

export const PRAISE_KINDS = ['passedHardStage', 'firstWinOfQuarter', 'wonWithEveryTask', 'activeWeek'] as const;
export type PraiseKind = (typeof PRAISE_KINDS)[number];

const isoInstant = z.iso.datetime({ offset: true });

export const praiseSchema = z.object({
  /** What is praised, once: `pass|<dealKey>|<pipelineId>/<stageId>`, `firstWin|<YYYY-Qn>`, `allTasks|<dealKey>`, `week|<monday>`. */
  id: z.string().min(1).max(400),
  /** The deal the side panel shows it on. */
  dealKey: z.string().min(1).max(200),
  kind: z.enum(PRAISE_KINDS),
  /** When the praised thing happened (the move, the win, the activity that completed the week). */
  at: isoInstant,
  /** The stage moved past (passedHardStage). */
  stageId: z.string().max(64).nullable(),
  /** The stage's name when it was passed (the line keeps saying what it said). */
  stageName: z.string().max(200).nullable(),
  /** How many of my deals moved past the stage in that month, this one included (passedHardStage). */
  count: z.number().int().min(1).nullable(),
  /** The team's conversion at the stage (0–1); null when it rests on too few deals to quote. */
  rate: z.number().min(0).max(1).nullable(),
  /** The line's end: shown, dismissed by the rep, or replaced by a newer line on the same deal. */
  endedAt: isoInstant.nullable(),
  endedBy: z.enum(['dismissed', 'replaced']).nullable(),
});

export type Praise = z.infer<typeof praiseSchema>;
