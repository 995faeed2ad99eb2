// The e-mail lists by stage as the manager's browser carries them out: the audiences for the editor,
// a dry run (every stage change since the rules took effect, each deal's contacts from the CRM, each
// contact's state in Mailchimp: the plan, stored), Apply (exactly that plan, each contact re-read
// first), and the run after each complete team sync when the manager turned that on. Like the
// assignment: nothing runs on a stale team, one job at a time.

import { consentedFetch } from '../extension/consent';
import { MAILCHIMP_DATA_COLLECTION } from '../extension/data-collection';
import type { StagecraftDb } from '../db/database';
import { dexieTeamSyncStore } from '../db/team-sync';
import { finishRun, handledKeys, recordOutcome, startRun, emptyCounts } from '../db/automation';
import { loadListPlan, loadMailchimpSettings, storeListPlan, storeMailchimpLists, type StoredListPlan } from '../db/mailchimp';
import { describeFailure } from '../automation/apply';
import { createSyncHttp } from '../team-sync';
import { loadMailchimpConnection } from '../mailchimp/key';
import { mailchimpClient, mailchimpFetch, type MailchimpClient } from '../mailchimp/client';
import { stageEvents } from '../mailchimp/events';
import { applyListChanges, prepareLists } from '../mailchimp/run';
import { contextFor, exclusive, isAnswer, newId, assignAfterSync, type AutomationAnswer, type Context } from './automation';
import type { TeamSyncDeps } from './team-sync';

async function mailchimpFor(deps: TeamSyncDeps): Promise<MailchimpClient | AutomationAnswer> {
  const connection = await loadMailchimpConnection(deps.credentials);
  if (!connection || !deps.mailchimpFetch) return { ok: false, reason: 'notConnected' };
  // Every request asks Firefox's consent first: withdrawn, nothing leaves (noConsent).
  const send = consentedFetch(deps.mailchimpFetch, deps.consent, MAILCHIMP_DATA_COLLECTION);
  const http = createSyncHttp({ fetch: mailchimpFetch(send, connection.dataCentre), now: deps.now ?? (() => new Date()), sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))) });
  return mailchimpClient(http, connection);
}
const isClient = (value: MailchimpClient | AutomationAnswer): value is MailchimpClient => !('ok' in value);

async function makeListPlan(db: StagecraftDb, ctx: Context, client: MailchimpClient, now: Date): Promise<StoredListPlan | AutomationAnswer> {
  const { settings, problem } = await loadMailchimpSettings(db);
  if (problem) return { ok: false, reason: 'settings', cause: problem };
  const [handled, data] = await Promise.all([handledKeys(db), dexieTeamSyncStore(db).data()]);
  const events = stageEvents(data.deals, settings.rules, settings.activeSince ?? now.getTime(), handled);
  const prepared = await prepareLists({ crm: ctx.crm, client, events, rules: settings.rules, done: handled });
  if (!prepared.ok) return { ok: false, reason: prepared.source, detail: describeFailure(prepared.failure) };
  await storeMailchimpLists(db, { at: now.getTime(), lists: prepared.lists });
  const stored: StoredListPlan = { plan: prepared.plan, createdAt: now.getTime(), syncCompletedAt: ctx.meta.completedAt, settingsJson: JSON.stringify(settings), events: events.length };
  await storeListPlan(db, stored);
  return stored;
}

/** The audiences of the connected account (for the editor, and to flag a list that is gone). A read: it runs beside any job. */
export async function refreshMailchimpLists(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer> {
  const now = (deps.now ?? (() => new Date()))();
  const client = await mailchimpFor(deps);
  if (!isClient(client)) return client;
  const lists = await client.lists();
  if (!lists.ok) return { ok: false, reason: 'mailchimp', detail: describeFailure(lists) };
  await storeMailchimpLists(db, { at: now.getTime(), lists: lists.value });
  return { ok: true };
}

/** Dry run: what Apply would send to Mailchimp, stored for the options page (nothing changes). */
export function dryRunLists(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer> {
  return exclusive(async () => {
    const now = (deps.now ?? (() => new Date()))();
    const ctx = await contextFor(db, deps, now);
    if (isAnswer(ctx)) return ctx;
    const client = await mailchimpFor(deps);
    if (!isClient(client)) return client;
    const plan = await makeListPlan(db, ctx, client, now);
    return 'ok' in plan ? plan : { ok: true };
  });
}

async function apply(db: StagecraftDb, deps: TeamSyncDeps, trigger: 'manual' | 'afterSync'): Promise<AutomationAnswer> {
  const clock = deps.now ?? (() => new Date());
  const now = clock();
  const ctx = await contextFor(db, deps, now);
  if (isAnswer(ctx)) return ctx;
  const client = await mailchimpFor(deps);
  if (!isClient(client)) return client;
  let stored = await loadListPlan(db);
  if (trigger === 'manual') {
    if (!stored) return { ok: false, reason: 'noPlan' };
    const { settings } = await loadMailchimpSettings(db);
    if (stored.syncCompletedAt !== ctx.meta.completedAt || stored.settingsJson !== JSON.stringify(settings)) return { ok: false, reason: 'planOutdated' };
  } else {
    const made = await makeListPlan(db, ctx, client, now);
    if ('ok' in made) return made;
    stored = made;
  }
  const runId = newId('mailchimp', now);
  await startRun(db, { id: runId, kind: 'mailchimp', trigger, crm: ctx.meta.crm, at: now.getTime(), finishedAt: null, counts: emptyCounts(), notes: stored.plan.notes });
  const { settledEvents } = await applyListChanges(client, stored.plan.changes, { runId, now: clock, record: (entry, settledKey) => recordOutcome(db, entry, settledKey) });
  await finishRun(db, runId, { at: clock().getTime(), settled: [...stored.plan.settled, ...settledEvents] });
  await db.automation.delete('mailchimpPlan');
  return { ok: true, runId };
}

export function applyLists(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer> {
  return exclusive(() => apply(db, deps, 'manual'));
}

/** After a complete team sync: the lists follow the stage changes it found, when the manager turned that on. */
export async function listsAfterSync(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer | null> {
  const { settings, problem } = await loadMailchimpSettings(db);
  if (problem || !settings.afterSync || settings.rules.length === 0) return null;
  return exclusive(() => apply(db, deps, 'afterSync'));
}

/** Everything that runs by itself after a complete team sync: the assignment first, then the lists. */
export async function automateAfterSync(db: StagecraftDb, deps: TeamSyncDeps): Promise<void> {
  await assignAfterSync(db, deps);
  await listsAfterSync(db, deps);
}
