import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { updateSettings } from '@/lib/db/settings';
import type { Settings } from '@/lib/model/settings.schema';
import { useI18n } from '../i18n';
import { FieldError } from './fields';

const CODE = /^[A-Z]{3}$/;
const parseRate = (text: string): number | null => {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() && Number.isFinite(value) && value > 0 ? value : null;
};

/**
 * The manager's conversion rates to the base currency: every money figure on the team pages is in
 * the base currency; a deal in a currency listed here is converted, one in any other currency is
 * left out of money figures (and the pages say how many).
 */
export function CurrencyRates({ db, settings, onSaved }: { db: StagecraftDb; settings: Settings; onSaved(): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [rate, setRate] = useState('');
  const [touched, setTouched] = useState(false);
  const base = settings.baseCurrency;
  const rates = Object.entries(settings.currencyRates).sort(([a], [b]) => a.localeCompare(b));

  const save = async (next: Record<string, number>) => {
    await updateSettings(db, { currencyRates: next });
    onSaved();
  };
  const codeProblem = !CODE.test(code) ? t('options.team.rateCodeError') : code === base ? t('options.team.rateBaseError', { base }) : null;
  const rateProblem = parseRate(rate) === null ? t('options.team.rateError') : null;
  const add = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (codeProblem || rateProblem) return;
    await save({ ...settings.currencyRates, [code]: parseRate(rate)! });
    setCode('');
    setRate('');
    setTouched(false);
  };

  return (
    <fieldset class="group" data-testid="currency-rates">
      <legend>{t('options.team.rates', { base })}</legend>
      <p class="field-hint">{t('options.team.ratesHint', { base })}</p>
      {rates.length ? (
        <ul class="rate-list">
          {rates.map(([currency, value]) => (
            <li key={currency} data-testid="currency-rate" data-currency={currency}>
              <span>{t('options.team.rateRow', { code: currency, rate: String(value), base })}</span>{' '}
              <button type="button" class="link" aria-label={t('options.team.rateRemove', { code: currency })} onClick={() => {
                const { [currency]: _removed, ...rest } = settings.currencyRates;
                void save(rest);
              }}>
                {t('options.team.rateRemoveShort')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">{t('options.team.ratesNone')}</p>
      )}
      <form class="field-row" onSubmit={(e) => void add(e)}>
        <div class={`field${touched && codeProblem ? ' field--invalid' : ''}`}>
          <label for="rate-code">{t('options.team.rateCode')}</label>
          <input id="rate-code" type="text" maxLength={3} value={code} aria-invalid={touched && Boolean(codeProblem)} onInput={(e) => setCode(e.currentTarget.value.toUpperCase())} />
          <FieldError path="rateCode" message={touched ? codeProblem : null} />
        </div>
        <div class={`field${touched && rateProblem ? ' field--invalid' : ''}`}>
          <label for="rate-value">{t('options.team.rateValue', { base })}</label>
          <input id="rate-value" type="text" inputMode="decimal" value={rate} aria-invalid={touched && Boolean(rateProblem)} onInput={(e) => setRate(e.currentTarget.value)} />
          <FieldError path="rateValue" message={touched ? rateProblem : null} />
        </div>
        <button type="submit">{t('options.team.rateAdd')}</button>
      </form>
    </fieldset>
  );
}
