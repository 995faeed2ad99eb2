// One shared checklist tick's write, whatever the CRM: a `put` updates the task that carries it (or
// creates it, also when it was deleted in the CRM meanwhile), a `remove` deletes it. After an
// attempt whose outcome is unknown, the deal is searched for the tick's marker first, so the CRM
// never holds the same tick twice and an untick never leaves a task behind.

import { failure, type ConnectorContext, type CrmCredentials, type HubspotCredentials } from '../types';
import type { CrmRecordRef, TickOp, TickOutcome, TickWrite } from '../write-types';
import { tickMarker, type RecordWriter } from './common';
import { connectorOf } from '../../connectors';

async function known<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, op: TickOp): Promise<{ ok: true; ref: CrmRecordRef | null } | TickOutcome> {
  if (op.ref || !op.lookFirst) return { ok: true, ref: op.ref };
  const found = await w.findMarked(ctx, creds, w.tickKind, op.tick.dealId, tickMarker(op.tick));
  return found.ok ? { ok: true, ref: found.value } : { ...found, ref: null };
}

async function put<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, op: TickOp): Promise<TickOutcome> {
  const found = await known(w, ctx, creds, op);
  if (!found.ok) return found; // a failed search creates nothing: the retry searches again
  if (found.ref) {
    const updated = await w.updateTick(ctx, creds, found.ref, op.tick);
    if (updated.ok) return { ok: true, ref: updated.value };
    if (updated.kind !== 'notFound') return { ...updated, ref: found.ref };
    // Deleted in the CRM meanwhile: the tick still stands here, so it is written again.
  }
  const created = await w.createTick(ctx, creds, op.tick);
  return created.ok ? { ok: true, ref: created.value } : { ...created, ref: null };
}

async function remove<C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, op: TickOp): Promise<TickOutcome> {
  const found = await known(w, ctx, creds, op);
  if (!found.ok) return { ...found, ref: op.ref };
  if (!found.ref) return { ok: true, ref: null };
  const removed = await w.remove(ctx, creds, found.ref);
  return removed.ok ? { ok: true, ref: null } : { ...removed, ref: found.ref };
}

const applyWith = <C extends CrmCredentials>(w: RecordWriter<C>, ctx: ConnectorContext, creds: C, op: TickOp) => (op.op === 'put' ? put(w, ctx, creds, op) : remove(w, ctx, creds, op));

const invalid = (tick: TickWrite) => Number.isNaN(Date.parse(tick.at)) || !tick.title.trim();

/**
 * Carries out one tick write in the credentials' CRM. HubSpot credentials may name the deal's portal
 * (`portalId`): the token is then checked to belong to it first. Never throws.
 */
export async function applyTickWrite(ctx: ConnectorContext, credentials: CrmCredentials | (HubspotCredentials & { portalId?: string }), op: TickOp): Promise<TickOutcome> {
  if (op.op === 'put' && invalid(op.tick)) return failure('malformed', { detail: 'a tick needs a date and a title' });
  try {
    const connector = connectorOf(credentials.crm);
    const checked = await connector.beforeWrite(ctx, credentials);
    if (!checked.ok) return checked;
    return await applyWith(connector.writer, ctx, credentials, op);
  } catch (error) {
    return failure('malformed', { detail: error instanceof Error ? error.message.slice(0, 200) : 'unexpected error' });
  }
}
