import type { StagecraftDb } from '@/lib/db/database';
import { loadSettings } from '@/lib/db/settings';
import { resolveLocale } from '@/lib/i18n';
import type { Locale } from '@/lib/model/settings.schema';
import { useLiveQuery } from './useLiveQuery';

/** The user's chosen language, else the browser's. */
export function useLocale(db: StagecraftDb, languages: readonly string[]): Locale {
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  return resolveLocale(settings.status === 'ready' ? settings.value.locale : 'auto', languages);
}
