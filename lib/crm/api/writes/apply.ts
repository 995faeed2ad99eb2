// One logged activity's write, whatever the CRM: its main record, then its next step. A write that
// fails partway says what it managed (`refs`), so the retry updates instead of creating twice.
// The queue reads a `notFound` answer to an update as "the main record is gone, write it anew", so
// an update answers notFound only then.

import { failure, type ConnectorContext, type CrmApiFailure, type CrmCredentials, type HubspotCredentials } from '../types';
import type { ActivityWrite, CrmRecordRef, CrmWriteRefs, WriteOp, WriteOutcome } from '../write-types';
import { activityMarker, type RecordRole, type RecordWriter } from './common';
import { connectorOf } from '../../connectors';

type Failed = CrmApiFailure & { refs?: CrmWriteRefs | null };
const partial = (failed: CrmApiFailure, refs: CrmWriteRefs | null): Failed => ({ ...failed, refs });

type Created = { ok: true; value: CrmRecordRef } | (CrmApiFailure & { adopted?: CrmRecordRef });

/**
 * Creates the record `role` of the activity. With `lookFirst` (an earlier attempt's outcome is
 * unknown) the deal is searched for the record carrying its marker first: one found is adopted and
 * brought up to date instead of creating a second. When the search fails, nothing is created (a
 * blind create could double it): the retry searches again.
 */
async function createOrAdopt<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, role: RecordRole, activity: ActivityWrite, lookFirst: boolean): Promise<Created> {
  if (!lookFirst) return w.create(ctx, creds, role, activity);
  const found = await w.findMarked(ctx, creds, w.kindOf(role, activity), activity.dealId, activityMarker(role, activity));
  if (!found.ok) return found;
  if (!found.value) return w.create(ctx, creds, role, activity);
  // It may hold an older revision of the activity: send it as it is now.
  const updated = await w.update(ctx, creds, found.value, role, activity);
  if (updated.ok) return updated;
  if (updated.kind === 'notFound') return w.create(ctx, creds, role, activity); // deleted meanwhile
  return { ...updated, adopted: found.value };
}

async function create<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, activity: ActivityWrite, lookFirst: boolean): Promise<WriteOutcome> {
  const main = await createOrAdopt(w, ctx, creds, 'main', activity, lookFirst);
  if (!main.ok) return main.adopted ? partial(main, { main: main.adopted, nextStep: null }) : main;
  if (!activity.nextStep) return { ok: true, refs: { main: main.value, nextStep: null } };
  const step = await createOrAdopt(w, ctx, creds, 'nextStep', activity, lookFirst);
  return step.ok ? { ok: true, refs: { main: main.value, nextStep: step.value } } : partial(step, { main: main.value, nextStep: step.adopted ?? null });
}

/**
 * The main record as another kind (a call that became a meeting): the new one first, so the CRM
 * never lacks the activity, then the old one removed. If the old one cannot be removed, the new one
 * is taken back, so that one activity never leaves two records behind.
 */
async function replaceMain<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, activity: ActivityWrite, refs: CrmWriteRefs, lookFirst: boolean): Promise<{ ok: true; main: CrmRecordRef } | Failed> {
  const created = await createOrAdopt(w, ctx, creds, 'main', activity, lookFirst);
  if (!created.ok) return created.adopted ? partial(created, { main: created.adopted, nextStep: refs.nextStep }) : created; // else nothing changed
  const removed = await w.remove(ctx, creds, refs.main);
  if (removed.ok) return { ok: true, main: created.value };
  const undone = await w.remove(ctx, creds, created.value);
  // Taken back: the CRM is as before. Else both exist; the new one is the activity as it now is.
  return undone.ok ? removed : partial(removed, { main: created.value, nextStep: refs.nextStep });
}

async function update<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, activity: ActivityWrite, refs: CrmWriteRefs, lookFirst: boolean): Promise<WriteOutcome> {
  let main: CrmRecordRef;
  if (w.kindOf('main', activity) === refs.main.kind) {
    const updated = await w.update(ctx, creds, refs.main, 'main', activity);
    if (!updated.ok) {
      if (updated.kind !== 'notFound') return updated;
      // Deleted in the CRM meanwhile: its next step goes too, then the whole activity is written
      // again as new. While the next step cannot be removed, nothing changed: the retry tries again.
      if (refs.nextStep) {
        const removed = await w.remove(ctx, creds, refs.nextStep);
        if (!removed.ok) return removed;
      }
      return partial(updated, null);
    }
    main = updated.value;
  } else {
    const replaced = await replaceMain(w, ctx, creds, activity, refs, lookFirst);
    if (!replaced.ok) return replaced;
    main = replaced.main;
  }

  let nextStep: CrmRecordRef | null = refs.nextStep;
  if (activity.nextStep && nextStep) {
    const updated = await w.update(ctx, creds, nextStep, 'nextStep', activity);
    if (updated.ok) nextStep = updated.value;
    else if (updated.kind === 'notFound') nextStep = null; // deleted in the CRM: created again below
    else return partial(updated, { main, nextStep });
  }
  if (activity.nextStep && !nextStep) {
    const created = await createOrAdopt(w, ctx, creds, 'nextStep', activity, lookFirst);
    if (!created.ok) return partial(created, { main, nextStep: created.adopted ?? null });
    nextStep = created.value;
  }
  if (!activity.nextStep && nextStep) {
    const removed = await w.remove(ctx, creds, nextStep);
    if (!removed.ok) return partial(removed, { main, nextStep });
    nextStep = null;
  }
  return { ok: true, refs: { main, nextStep } };
}

async function remove<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, refs: CrmWriteRefs): Promise<WriteOutcome> {
  if (refs.nextStep) {
    const step = await w.remove(ctx, creds, refs.nextStep);
    if (!step.ok) return step; // nothing changed
  }
  const main = await w.remove(ctx, creds, refs.main);
  return main.ok ? { ok: true, refs: null } : partial(main, { main: refs.main, nextStep: null });
}

/** Checked before anything is sent: a date that fails halfway would lose the refs of what was written. */
function invalidDate(activity: ActivityWrite): string | null {
  for (const [name, value] of [['at', activity.at], ['nextStep.dueAt', activity.nextStep?.dueAt]] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) return name;
  }
  return null;
}

function applyWith<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, op: WriteOp): Promise<WriteOutcome> {
  switch (op.op) {
    case 'create':
      return create(w, ctx, creds, op.activity, op.lookFirst === true);
    case 'update':
      return update(w, ctx, creds, op.activity, op.refs, op.lookFirst === true);
    case 'delete':
      return remove(w, ctx, creds, op.refs);
  }
}

/**
 * Carries out one write in the credentials' CRM. HubSpot credentials may name the deal's portal
 * (`portalId`, as the client passes it): the token is then checked to belong to it first. Never throws.
 */
export async function applyActivityWrite(ctx: ConnectorContext, credentials: CrmCredentials | (HubspotCredentials & { portalId?: string }), op: WriteOp): Promise<WriteOutcome> {
  const invalid = op.op === 'delete' ? null : invalidDate(op.activity);
  if (invalid) return failure('malformed', { detail: `not a date: ${invalid}` });
  try {
    const connector = connectorOf(credentials.crm);
    const checked = await connector.beforeWrite(ctx, credentials);
    if (!checked.ok) return checked;
    return await applyWith(connector.writer, ctx, credentials, op);
  } catch (error) {
    // The writers do not throw; this is the last line of defence (a refs-less failure: the retry
    // starts from what the queue knew).
    return failure('malformed', { detail: error instanceof Error ? error.message.slice(0, 200) : 'unexpected error' });
  }
}
