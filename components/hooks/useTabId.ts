import { useEffect, useState } from 'preact/hooks';

/** Which browser tab a page follows: a fixed tab (`?tab=`) or the active tab of its window. */
export interface TabSource {
  current(): number | null;
  subscribe(onChange: (tabId: number | null) => void): () => void;
}

export function useTabId(source: TabSource): number | null {
  const [tabId, setTabId] = useState(source.current());
  useEffect(() => {
    const unsubscribe = source.subscribe(setTabId);
    setTabId(source.current()); // it may have changed between the first render and subscribing
    return unsubscribe;
  }, [source]);
  return tabId;
}
