// What every stored CRM connection carries, whatever the CRM (each CRM's folder adds its own fields
// in its connection.ts), and what a page may show of one. Kept below the connectors so each CRM's
// connection can use it.

import { z } from 'zod';
import type { CrmId } from '../../model/deal';

export const instant = z.iso.datetime({ offset: true });
/** A token as pasted: printable ASCII without spaces. */
export const tokenSchema = z.string().min(16).max(512).regex(/^[\x21-\x7e]+$/);

/** Logged activities are written to the CRM unless the rep turned it off (connections saved before it existed: on). */
export const writeActivities = z.boolean().default(true);
/** Checklist ticks are shared with the team as CRM tasks while writing is on, unless the rep turned it off. */
export const shareChecklist = z.boolean().default(true);

/** Pasted tokens often carry spaces or a line break; anything else odd is refused. */
export const normaliseToken = (token: string) => token.trim();

/** A (normalised) token as pasted, of the shape its CRM gives (`format`; null: any). */
export const tokenFits = (token: string, format: RegExp | null) => tokenSchema.safeParse(token).success && (format?.test(token) ?? true);

/** The switches a new connection keeps from the one it replaces (on for a first connection). */
export const keptSwitches = (previous: { writeActivities: boolean; shareChecklist: boolean } | null) => ({
  writeActivities: previous?.writeActivities ?? true,
  shareChecklist: previous?.shareChecklist ?? true,
});

export type ConnectProblem = 'company' | 'token' | 'tokenOrSession';
export type ConnectFailure = { ok: false; field: 'company' | 'token'; problem: ConnectProblem };
export type ConnectResult = { ok: true } | ConnectFailure;
/** The connection to store, or what the rep typed wrong. */
export type Connected<T> = { ok: true; value: T } | ConnectFailure;

/** `••••••••a1b2`: never more than the last four characters (and none of a short token). */
export function maskToken(token: string): string {
  return token.length >= 16 ? `••••••••${token.slice(-4)}` : '••••••••';
}

/** What a page may show of a connection: no token, only its mask. */
export interface ConnectionSummary {
  crm: CrmId;
  connected: boolean;
  connectedAt?: string;
  /** Pipedrive company. */
  company?: string;
  useSession?: boolean;
  maskedToken?: string;
  /** Logged activities are written to the CRM. */
  writeActivities?: boolean;
  /** Checklist ticks are shared with the team through the CRM (while writing is on). */
  shareChecklist?: boolean;
}

/** The part of a summary only the CRM knows (its company, session use, masked token). */
export type ConnectionDetails = Pick<ConnectionSummary, 'company' | 'useSession' | 'maskedToken'>;
