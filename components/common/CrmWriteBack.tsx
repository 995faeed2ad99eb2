import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { CrmId } from '@/lib/model/deal';

// Whether logged activities go to the CRM, and the way to tell the background to write now. The
// entries provide the browser's version (extension storage + a message); tests provide their own;
// without a provider nothing is written (the safe default).

export interface CrmWriteBack {
  /** Whether activities on a `crm` deal are written to it (connected, writing turned on). */
  enabled(crm: CrmId): Promise<boolean>;
  /** Calls `listener` when a connection changed (connected, disconnected, writing turned on or off). */
  onChange(listener: () => void): () => void;
  /** Asks the background to write what is due now; `retryAll` brings waiting failures forward. */
  flush(retryAll?: boolean): void;
}

const OFF: CrmWriteBack = { enabled: async () => false, onChange: () => () => {}, flush: () => {} };
const Context = createContext<CrmWriteBack>(OFF);

export function CrmWriteBackProvider({ value, children }: { value: CrmWriteBack; children: ComponentChildren }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useCrmWriteBack(): CrmWriteBack {
  return useContext(Context);
}

/** Whether activities on `crm` deals are written to it; false until known, kept up to date. */
export function useWritesEnabled(crm: CrmId | null): boolean {
  const writeBack = useCrmWriteBack();
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    if (!crm) return setEnabled(false);
    let current = true;
    const check = () => void writeBack.enabled(crm).then((on) => current && setEnabled(on), () => current && setEnabled(false));
    check();
    const stop = writeBack.onChange(check);
    return () => {
      current = false;
      stop();
    };
  }, [writeBack, crm]);
  return enabled;
}
