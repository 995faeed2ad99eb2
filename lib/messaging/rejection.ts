// How a refused message looks to its sender. Kept apart from guard.ts (zod) so the content script
// can tell "refused" (never send the same again) from "not delivered" (send again later).

export const REJECTED_MESSAGE = 'RejectedMessage';

/** True when the receiver refused the message (bad sender or bad data), as opposed to a delivery failure. */
export function isRejection(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === REJECTED_MESSAGE;
}
