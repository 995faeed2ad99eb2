import { formatPercent } from '@/lib/i18n/format';
import type { MaturityMessage } from '@/lib/maturity/assess';
import { useI18n } from '../i18n';

/** A maturity message (lib/maturity) in the reader's language: shares as percentages, nested messages translated. */
export function useMaturityText(): (message: MaturityMessage) => string {
  const { t, locale } = useI18n();
  return (message) => {
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(message.params)) {
      params[name] = typeof value === 'number' ? value : 'percent' in value ? formatPercent(value.percent, locale) : t(value.message);
    }
    return t(message.key, params);
  };
}
