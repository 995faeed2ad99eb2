// What the fake CRMs of the write tests share: a log of the requests they got (method, path and
// decoded query) and a way to hold the answers to creates, so a test can stop the service worker
// or let the client time out while the CRM has already made the record.

import { decodedLine } from '../crm-servers/server';

export interface HeldAnswers {
  /** Every request, in order: `POST /api/v2/activities`, `GET /…?deal_id=3120&…` (query decoded). */
  readonly log: string[];
  /** Records what arrived. */
  note(method: string, url: string): void;
  /** From now on, each create is made at once but answered only when the returned release is called. */
  hold(): () => void;
  /** Waits while answers are held. */
  wait(): Promise<void>;
}

export function heldAnswers(): HeldAnswers {
  const log: string[] = [];
  let held: Promise<void> | null = null;
  return {
    log,
    note: (method, url) => void log.push(decodedLine(method, new URL(url))),
    hold() {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      held = gate;
      return () => {
        if (held === gate) held = null;
        release();
      };
    },
    wait: () => held ?? Promise.resolve(),
  };
}
