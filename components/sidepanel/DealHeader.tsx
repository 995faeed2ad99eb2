import type { DealSnapshot } from '@/lib/model/deal';
import { formatDate, formatMoney } from '@/lib/i18n/format';
import { useI18n } from '../i18n';

/** Title, current stage and the one-line summary (value, owner, close date). Text only, never HTML. */
export function DealHeader({ deal }: { deal: DealSnapshot }) {
  const { t, locale } = useI18n();
  const unknown = t('deal.unknown');
  return (
    <header class="deal-header">
      <p class="deal-header__crm">{t(`crm.${deal.crm}`)}{deal.pipeline ? ` · ${deal.pipeline}` : ''}</p>
      <h1 class="deal-header__title" data-testid="deal-title">{deal.title ?? unknown}</h1>
      <p class="deal-header__stage">
        <span class="visually-hidden">{t('deal.stage')}: </span>
        <span data-testid="deal-stage">{deal.stage ?? unknown}</span>
        {deal.status && deal.status !== 'open' ? <span class={`badge badge--${deal.status}`}>{t(`deal.status.${deal.status}`)}</span> : null}
      </p>
      <dl class="deal-summary" aria-label={t('deal.summary')}>
        <div>
          <dt>{t('deal.value')}</dt>
          <dd data-testid="deal-value">{deal.value === null ? unknown : formatMoney(deal.value, deal.currency, locale)}</dd>
        </div>
        <div>
          <dt>{t('deal.owner')}</dt>
          <dd>{deal.owner ?? unknown}</dd>
        </div>
        <div>
          <dt>{t('deal.closeDate')}</dt>
          <dd>{deal.closeDate ? formatDate(deal.closeDate, locale) : unknown}</dd>
        </div>
      </dl>
    </header>
  );
}
