import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { updateSettings } from '@/lib/db/settings';
import { formatDate } from '@/lib/i18n/format';
import { crmRatesTo } from '@/lib/metrics/currency';
import { CRM_IDS, type CrmId } from '@/lib/model/deal';
import type { Settings } from '@/lib/model/settings.schema';
import { useI18n } from '../i18n';
import { CRM_LABEL_KEYS, FieldError } from './fields';

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
  const fromCrm = crmRatesTo(base, settings.crmCurrency);

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
      <CrmRates settings={settings} />
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
      ) : Object.keys(fromCrm).length ? null : (
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

const crmOf = (settings: Settings): CrmId | null => {
  const crm = settings.crmCurrency?.crm;
  return crm !== undefined && (CRM_IDS as readonly string[]).includes(crm) ? (crm as CrmId) : null;
};

/** A rate as a person reads it: six significant digits, no trailing zeros (0.0870000 → 0.087). */
const readableRate = (rate: number) => String(Number(rate.toPrecision(6)));

/** Where the base currency came from: the browser's locale, the CRM, or the manager. */
export function BaseCurrencyOrigin({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const crm = crmOf(settings);
  const text =
    settings.baseCurrencyFrom === 'locale'
      ? t('options.team.currencyFromLocale')
      : settings.baseCurrencyFrom === 'crm' && crm
        ? t('options.team.currencyFromCrm', { crm: t(CRM_LABEL_KEYS[crm]) })
        : settings.baseCurrencyFrom === 'manager'
          ? t('options.team.currencyFromManager')
          : null;
  return text ? <p class="field-hint" data-testid="base-currency-origin" data-origin={settings.baseCurrencyFrom}>{text}</p> : null;
}

/**
 * The CRM's rates restated in the base (read by the last team sync), each marked when the manager's
 * own rate for that currency is used instead.
 */
function CrmRates({ settings }: { settings: Settings }) {
  const { t, locale } = useI18n();
  const crm = crmOf(settings);
  if (!crm || !settings.crmCurrency) return null;
  const base = settings.baseCurrency;
  const name = t(CRM_LABEL_KEYS[crm]);
  const rates = Object.entries(crmRatesTo(base, settings.crmCurrency)).sort(([a], [b]) => a.localeCompare(b));
  const company = settings.crmCurrency.company;
  if (rates.length === 0) {
    // A CRM in the base currency with no other currency needs no rates: nothing to say.
    if (company === base && Object.keys(settings.crmCurrency.rates).length === 0) return null;
    return <p class="muted small" data-testid="crm-rates-none">{t('options.team.crmRatesNone', { crm: name, base, company })}</p>;
  }
  return (
    <div data-testid="crm-rates">
      <p class="small">{t('options.team.crmRates', { crm: name, date: formatDate(new Date(settings.crmCurrency.readAt).toISOString().slice(0, 10), locale) })}</p>
      <ul class="rate-list">
        {rates.map(([code, rate]) => {
          const overridden = Object.hasOwn(settings.currencyRates, code);
          return (
            <li key={code} data-testid="crm-rate" data-currency={code} data-overridden={overridden ? 'true' : undefined} class={overridden ? 'muted' : undefined}>
              <span>{t('options.team.rateRow', { code, rate: readableRate(rate), base })}</span>
              {overridden ? <span class="small"> — {t('options.team.rateOverridden')}</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
