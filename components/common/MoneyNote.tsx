import { useI18n } from '../i18n';

/** Which currency the money figures are in, and the deals left out of them for want of a rate. */
export function MoneyNote({ currency, unpriced }: { currency: string | null; unpriced: Readonly<Record<string, number>> }) {
  const { t } = useI18n();
  const codes = Object.keys(unpriced).sort();
  const count = codes.reduce((sum, code) => sum + unpriced[code]!, 0);
  if (!currency) return null;
  return (
    <>
      <p class="muted small" data-testid="money-currency">{t('scorecard.currency', { currency })}</p>
      {count ? (
        <p class="team-warning small" role="status" data-testid="money-unpriced">
          {t(count === 1 ? 'scorecard.unpriced.one' : 'scorecard.unpriced', { count, currencies: codes.join(', '), currency })}
        </p>
      ) : null}
    </>
  );
}
