// HubSpot's answer listing the deal pipelines and their stages (GET /crm/v3/pipelines/deals), read
// by the deal reader and the team sync alike.

import { z } from 'zod';

/** HubSpot sends stage metadata as strings ("true", "0.2"); accept real booleans and numbers too. */
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');
export const pipelinesSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      displayOrder: z.number(),
      archived: z.boolean().optional(),
      stages: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          displayOrder: z.number(),
          archived: z.boolean().optional(),
          metadata: z.object({ isClosed: flag.optional(), probability: z.union([z.string(), z.number()]).nullable().optional() }),
        }),
      ),
    }),
  ),
});
