// What the CRMs' writers (lib/crm/<crm>/writer.ts) share: the shape of a writer (one record at a time), the
// request helpers for answers with and without a body, and text made safe for CRMs that store HTML.

import type { z } from 'zod';
import type { ActivityWrite, CrmRecordRef, TickWrite } from '../write-types';
import { fetchText, parseJson, requestJson, statusFailure } from '../http';
import type { ConnectorContext, CrmApiResult, CrmCredentials } from '../types';
import type { ActivityMarker, Marker, TickMarker } from '../../marker';

/** A logged activity is one `main` record (what happened) and maybe one `nextStep` record (an open task). */
export type RecordRole = 'main' | 'nextStep';

/** One CRM's way to write single records. Never throws: every failure is a value. */
export interface RecordWriter<C extends CrmCredentials> {
  /** The kind of record `role` of `activity` is written as ("calls", "Task"…): a changed kind cannot be updated in place. */
  kindOf(role: RecordRole, activity: ActivityWrite): string;
  create(ctx: ConnectorContext, creds: C, role: RecordRole, activity: ActivityWrite): Promise<CrmApiResult<CrmRecordRef>>;
  update(ctx: ConnectorContext, creds: C, ref: CrmRecordRef, role: RecordRole, activity: ActivityWrite): Promise<CrmApiResult<CrmRecordRef>>;
  /**
   * The record of `kind` on the deal whose body ends with `marker`, or null when the deal has
   * none (the newest few hundred records of that kind are looked at).
   */
  findMarked(ctx: ConnectorContext, creds: C, kind: string, dealId: string, marker: Marker): Promise<CrmApiResult<CrmRecordRef | null>>;
  /** Gone already (404, 410) counts as done. */
  remove(ctx: ConnectorContext, creds: C, ref: CrmRecordRef): Promise<CrmApiResult<true>>;
  /** The kind of record a checklist tick is written as (a completed task). */
  tickKind: string;
  /** A completed task on the deal carrying the tick. */
  createTick(ctx: ConnectorContext, creds: C, tick: TickWrite): Promise<CrmApiResult<CrmRecordRef>>;
  /** The tick's task as `tick` says; notFound when it is gone from the CRM. */
  updateTick(ctx: ConnectorContext, creds: C, ref: CrmRecordRef, tick: TickWrite): Promise<CrmApiResult<CrmRecordRef>>;
}

/** The marker of a shared checklist tick. */
export const tickMarker = (tick: TickWrite): TickMarker => ({ kind: 'tick', playbookId: tick.playbookId, stageId: tick.stageId, taskId: tick.taskId, by: tick.by });

/** A shared tick's subject: the task's title after a check mark, as managers see it in the CRM. */
export const tickSubject = (tick: TickWrite, max: number) => clip(`✓ ${tick.title}`, max);

/** The marker of the record `role` of a logged activity. */
export const activityMarker = (role: RecordRole, activity: Pick<ActivityWrite, 'activityId'>): ActivityMarker => ({ kind: 'activity', activityId: activity.activityId, role });

/** Plain text for a CRM field that is rendered as HTML: escaped, line breaks kept. */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r?\n/g, '<br>');
}

/** At most `max` characters (CRMs refuse longer values rather than cut them). */
export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The rep's calendar day of an instant as stored (`2026-11-24T23:59:59.999+01:00` → `2026-11-24`). */
export const localDay = (instant: string) => instant.slice(0, 10);

/** A JSON answer parsed with `schema`. */
export const sendJson = <T>(ctx: ConnectorContext, url: string, init: RequestInit, schema: z.ZodType<T>, ok: readonly number[]) => requestJson(ctx, url, init, schema, ok);

/** A request whose success has no body to read (204). `gone` statuses count as success (deleting what is gone). */
export async function sendNoContent(ctx: ConnectorContext, url: string, init: RequestInit, ok: readonly number[], gone: readonly number[] = []): Promise<CrmApiResult<true>> {
  const fetched = await fetchText(ctx, url, init);
  if (!fetched.ok) return fetched;
  const { response, text } = fetched;
  if (ok.includes(response.status) || gone.includes(response.status)) return { ok: true, value: true };
  const body = parseJson(text);
  return statusFailure(response.status, response.headers, body.ok ? body.value : undefined, ctx.now());
}
