// One logged activity's write, whatever the CRM: its main record, then its next step. A write that
// fails partway says what it managed (`refs`), so the retry updates instead of creating twice.

import type { ConnectorContext, CrmApiFailure, CrmCredentials } from '../types';
import type { ActivityWrite, CrmRecordRef, CrmWriteRefs, WriteOp, WriteOutcome } from '../write-types';
import type { RecordWriter } from './common';
import { hubspotWriter } from './hubspot';
import { pipedriveWriter } from './pipedrive';
import { salesforceWriter } from './salesforce';

const partial = (failed: CrmApiFailure, refs: CrmWriteRefs | null): WriteOutcome => ({ ...failed, refs });

async function create<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, activity: ActivityWrite): Promise<WriteOutcome> {
  const main = await w.create(ctx, creds, 'main', activity);
  if (!main.ok) return main;
  if (!activity.nextStep) return { ok: true, refs: { main: main.value, nextStep: null } };
  const step = await w.create(ctx, creds, 'nextStep', activity);
  return step.ok ? { ok: true, refs: { main: main.value, nextStep: step.value } } : partial(step, { main: main.value, nextStep: null });
}

async function update<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, activity: ActivityWrite, refs: CrmWriteRefs): Promise<WriteOutcome> {
  // The main record: in place when its kind is unchanged; else the new kind is created first, then the old one removed.
  let main: CrmRecordRef;
  if (w.kindOf('main', activity) === refs.main.kind) {
    const updated = await w.update(ctx, creds, refs.main, 'main', activity);
    if (!updated.ok) {
      if (updated.kind !== 'notFound') return updated;
      // Deleted in the CRM meanwhile: its next step goes too, and the whole activity is written again.
      if (refs.nextStep) await w.remove(ctx, creds, refs.nextStep);
      return partial(updated, null);
    }
    main = updated.value;
  } else {
    const created = await w.create(ctx, creds, 'main', activity);
    if (!created.ok) return created;
    const removed = await w.remove(ctx, creds, refs.main);
    if (!removed.ok) return partial(removed, { main: created.value, nextStep: refs.nextStep });
    main = created.value;
  }

  let nextStep: CrmRecordRef | null = refs.nextStep;
  if (activity.nextStep && nextStep) {
    const updated = await w.update(ctx, creds, nextStep, 'nextStep', activity);
    if (updated.ok) nextStep = updated.value;
    else if (updated.kind === 'notFound') nextStep = null; // deleted in the CRM: created again below
    else return partial(updated, { main, nextStep });
  }
  if (activity.nextStep && !nextStep) {
    const created = await w.create(ctx, creds, 'nextStep', activity);
    if (!created.ok) return partial(created, { main, nextStep: null });
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
    if (!step.ok) return step;
  }
  const main = await w.remove(ctx, creds, refs.main);
  return main.ok ? { ok: true, refs: null } : partial(main, { main: refs.main, nextStep: null });
}

async function applyWith<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, op: WriteOp): Promise<WriteOutcome> {
  switch (op.op) {
    case 'create':
      return create(w, ctx, creds, op.activity);
    case 'update':
      return update(w, ctx, creds, op.activity, op.refs);
    case 'delete':
      return remove(w, ctx, creds, op.refs);
  }
}

/** Carries out one write in the credentials' CRM. Never throws. */
export function applyActivityWrite(ctx: ConnectorContext, credentials: CrmCredentials, op: WriteOp): Promise<WriteOutcome> {
  switch (credentials.crm) {
    case 'hubspot':
      return applyWith(hubspotWriter, ctx, credentials, op);
    case 'pipedrive':
      return applyWith(pipedriveWriter, ctx, credentials, op);
    case 'salesforce':
      return applyWith(salesforceWriter, ctx, credentials, op);
  }
}
