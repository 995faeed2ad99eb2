// E-mail lists by stage as the manager writes them: "on entering stage S, subscribe the deal's
// contacts to list L (with tags)", "… unsubscribe them from L", "… take tags off them in L".
// Stage ids are the CRM's (as the team sync stores them); WON and LOST stand for a deal closing.

import { z } from 'zod';
import { storedSettingsCause, type Cause } from '../i18n/cause';

export const WON_STAGE = '@won';
export const LOST_STAGE = '@lost';

const id = z.string().min(1).max(80);
const tag = z.string().trim().min(1).max(100);

export const listRuleSchema = z.object({
  id,
  stage: id,
  listId: id,
  action: z.enum(['subscribe', 'unsubscribe', 'removeTags']),
  /** subscribe: tags added; unsubscribe / removeTags: tags taken off (made inactive). */
  tags: z.array(tag).max(20).default([]),
});
export type ListRule = z.infer<typeof listRuleSchema>;

export const mailchimpSettingsSchema = z
  .object({
    rules: z.array(listRuleSchema).max(100).default([]),
    /** Carry the rules out by themselves after every complete team sync. */
    afterSync: z.boolean().default(false),
    /** Stage entries before this moment are never acted on (epoch ms; set when the rules are first saved). */
    activeSince: z.number().int().nonnegative().nullable().default(null),
  })
  .refine((s) => s.rules.every((r) => r.action !== 'removeTags' || r.tags.length > 0), { message: 'a rule that removes tags names at least one tag', path: ['rules'], params: { note: 'noTagsToRemove' } });
export type MailchimpSettings = z.infer<typeof mailchimpSettingsSchema>;

export const EMPTY_MAILCHIMP_SETTINGS: MailchimpSettings = mailchimpSettingsSchema.parse({});

/** The stored settings, or the first problem as a cause (its place and what is wrong there). */
export function parseMailchimpSettings(raw: unknown): { ok: true; value: MailchimpSettings } | { ok: false; problem: Cause } {
  if (raw === undefined || raw === null) return { ok: true, value: EMPTY_MAILCHIMP_SETTINGS };
  const parsed = mailchimpSettingsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: storedSettingsCause('mailchimp', parsed.error, raw) };
}
