import type { Translate } from '../i18n';
import { formatPercent, ordinalCategory } from '../i18n/format';
import type { Locale } from '../model/settings.schema';
import type { Praise } from '../model/praise.schema';

/** The one line of praise, in the reader's language (the stage name stays as the playbook has it). */
export function praiseText(praise: Praise, t: Translate, locale: Locale): string {
  if (praise.kind !== 'passedHardStage') return t(`praise.${praise.kind}`);
  const detail = praise.rate !== null ? t('praise.detail.rate', { rate: formatPercent(praise.rate, locale) }) : t('praise.detail.hard');
  const stage = praise.stageName ?? '';
  const count = praise.count ?? 1;
  if (count <= 1) return t('praise.pass.first', { stage, detail });
  return t(`praise.pass.${ordinalCategory(count, locale)}`, { n: new Intl.NumberFormat(locale).format(count), stage, detail });
}
