import { z } from 'zod';
import { DEAL_LIMITS } from '../model/deal';
import { dealRefSchema, dealSnapshotSchema } from '../model/deal.schema';
import type { MessageType } from './protocol';

// Input schema of every message type: a handler never sees unvalidated data.
const tabId = z.number().int().min(0);

export const messageSchemas = {
  dealSeen: z.object({ url: z.url().max(DEAL_LIMITS.url), ref: dealRefSchema, snapshot: dealSnapshotSchema, stageDays: z.number().int().min(0).max(36_500).optional() }).strict(),
  pageState: z
    .object({ url: z.string().max(DEAL_LIMITS.url), state: z.enum(['notDeal', 'loading', 'readError']), detail: z.string().max(DEAL_LIMITS.detail).nullable() })
    .strict(),
  ping: z.null(),
  rereadTab: z.object({ tabId }).strict(),
  reread: z.null(),
  openQuickLog: z.object({ tabId: tabId.nullable() }).strict(),
  writeToCrm: z.object({ retryAll: z.boolean() }).strict(),
  syncTeam: z.object({ crm: z.enum(['hubspot', 'pipedrive', 'salesforce']), full: z.boolean() }).strict(),
  automation: z.object({ op: z.enum(['dryRun', 'apply', 'undo', 'reps', 'mailchimpDryRun', 'mailchimpApply', 'mailchimpLists']) }).strict(),
} satisfies Record<MessageType, z.ZodType>;
