// The e-mail lists' storage, beside the assignment's (lib/db/automation.ts): the rules by stage,
// the last dry run (Apply carries out exactly that while the sync and rules are the same) and the
// audiences last read from Mailchimp. The API key is never here: it lives in extension storage.

import type { Cause } from '../i18n/cause';
import type { StagecraftDb } from './database';
import { row } from './automation';
import { EMPTY_MAILCHIMP_SETTINGS, parseMailchimpSettings, type MailchimpSettings } from '../mailchimp/rules';
import type { ListPlan } from '../mailchimp/plan';
import type { MailchimpList } from '../mailchimp/client';

export interface StoredListPlan {
  plan: ListPlan;
  createdAt: number;
  syncCompletedAt: number;
  settingsJson: string;
  events: number;
}

export interface StoredLists {
  at: number;
  lists: MailchimpList[];
}

export async function loadMailchimpSettings(db: StagecraftDb): Promise<{ settings: MailchimpSettings; problem: Cause | null }> {
  const parsed = parseMailchimpSettings(await row(db, 'mailchimp'));
  return parsed.ok ? { settings: parsed.value, problem: null } : { settings: EMPTY_MAILCHIMP_SETTINGS, problem: parsed.problem };
}

/** Saves the rules; the first save starts the clock (stage changes from before are never acted on). */
export async function saveMailchimpSettings(db: StagecraftDb, settings: MailchimpSettings, now: Date): Promise<MailchimpSettings> {
  const value = { ...settings, activeSince: settings.activeSince ?? now.getTime() };
  await db.transaction('rw', db.automation, async () => {
    await db.automation.put({ id: 'mailchimp', value });
    await db.automation.delete('mailchimpPlan');
  });
  return value;
}

export const loadListPlan = (db: StagecraftDb) => row<StoredListPlan>(db, 'mailchimpPlan');
export const storeListPlan = (db: StagecraftDb, plan: StoredListPlan) => db.automation.put({ id: 'mailchimpPlan', value: plan });
export const dropListPlan = (db: StagecraftDb) => db.automation.delete('mailchimpPlan');
export const loadMailchimpLists = (db: StagecraftDb) => row<StoredLists>(db, 'mailchimpLists');
export const storeMailchimpLists = (db: StagecraftDb, lists: StoredLists) => db.automation.put({ id: 'mailchimpLists', value: lists });
