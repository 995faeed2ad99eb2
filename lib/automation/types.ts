// What the automation knows of a deal and a rep at the moment it decides: read from the CRM just
// before (the synced copy may be an hour old, and another browser may have acted meanwhile).

export interface Rep {
  /** The CRM's user / owner id. */
  id: string;
  name: string;
}

/** A deal as the CRM answers for it now. */
export interface LiveDeal {
  id: string;
  title: string;
  /** null: nobody owns it. */
  ownerId: string | null;
  pipeline: string;
  stage: string;
  /** The amount in the deal's currency; null when empty. */
  value: number | null;
  /** The rules' fields (text as the CRM shows it; null when empty or unknown). */
  fields: Record<string, string | null>;
}

/** Why a synced deal is looked at: it is new, or it entered a chosen stage. `key` names the event (handled once). */
export interface Candidate {
  dealId: string;
  title: string;
  reason: 'new' | 'stage';
  key: string;
}
