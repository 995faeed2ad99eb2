import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { failureCause } from '@/lib/db/errors';
import { causeText } from '@/lib/i18n/cause';
import { useI18n } from '../i18n';

export type Live<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: string };

/**
 * Re-renders whenever the query's data changes in IndexedDB, from any extension context
 * (Dexie broadcasts changes between the background and the pages).
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[]): Live<T> {
  const { t } = useI18n();
  const [state, setState] = useState<Live<T> | { status: 'failed'; error: unknown }>({ status: 'loading' });
  useEffect(() => {
    setState({ status: 'loading' });
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ status: 'ready', value }),
      // Why, in the reader's language (the exception's own text only as the technical detail).
      error: (error: unknown) => setState({ status: 'failed', error }),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state.status === 'failed' ? { status: 'error', error: causeText(failureCause(state.error), t) } : state;
}
