import { z } from 'zod';
import { CRM_IDS, DEAL_LIMITS, DEAL_STATUSES } from './deal';

// The same DealSnapshot as lib/model/deal.ts, enforced where it crosses from a CRM page
// (untrusted) into the background.
const text = (max: number) => z.string().max(max);

export const crmIdSchema = z.enum(CRM_IDS);

export const dealSnapshotSchema = z
  .object({
    crm: crmIdSchema,
    dealId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'expected an id of letters and digits'),
    title: text(DEAL_LIMITS.title).nullable(),
    pipeline: text(DEAL_LIMITS.label).nullable(),
    stage: text(DEAL_LIMITS.label).nullable(),
    stages: z.array(text(DEAL_LIMITS.label)).max(DEAL_LIMITS.stages),
    value: z.number().finite().min(0).max(DEAL_LIMITS.value).nullable(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code').nullable(),
    owner: text(DEAL_LIMITS.label).nullable(),
    closeDate: z.iso.date().nullable(),
    status: z.enum(DEAL_STATUSES).nullable(),
  })
  .strict();

export const dealRefSchema = z
  .object({
    crm: crmIdSchema,
    account: z.string().min(1).max(100).regex(/^[A-Za-z0-9_.-]+$/),
    dealId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
  })
  .strict();
