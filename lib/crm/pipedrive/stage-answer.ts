// One of Pipedrive's stages as its API describes it (GET /v1/stages and /api/v2/stages give the same
// fields), read by the deal reader and the team sync alike.

import { z } from 'zod';

const id = z.number().int();

export const stageSchema = z.object({
  id,
  order_nr: z.number(),
  name: z.string(),
  deal_probability: z.number().nullable(),
  pipeline_id: id,
  is_deal_rot_enabled: z.boolean().optional(),
  days_to_rotten: z.number().nullable().optional(),
  is_deleted: z.boolean().optional(),
});
