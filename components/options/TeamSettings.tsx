import { useEffect, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { updateSettings } from '@/lib/db/settings';
import { ACTIVITY_TYPES, type ActivityType } from '@/lib/model/activity';
import { CRM_IDS } from '@/lib/model/deal';
import { LOCALES, type Settings } from '@/lib/model/settings.schema';
import { useI18n } from '../i18n';
import { CRM_LABEL_KEYS, FieldError, LiveStatus } from './fields';
import { ACTIVITY_KEYS } from './StageEditor';
import { move } from './editing';
import { BaseCurrencyOrigin, CurrencyRates } from './CurrencyRates';

/** Language names are shown in their own language, whatever the page's language. */
const LANGUAGE_NAMES: Record<(typeof LOCALES)[number], string> = { en: 'English', sv: 'Svenska', nb: 'Norsk bokmål', nl: 'Nederlands', it: 'Italiano' };
const MAX_KEY_ACTIVITIES = 5;

export interface TeamSettingsProps {
  db: StagecraftDb;
  settings: Settings;
  debounceMs?: number;
}

/**
 * The team's settings. Every change is checked here before it is written (the settings schema
 * would silently fall back to a default), and written at once (text fields after a short pause).
 */
export function TeamSettings({ db, settings, debounceMs = 300 }: TeamSettingsProps) {
  const { t } = useI18n();
  const [status, setStatus] = useState('');
  const [me, setMe] = useState(settings.me);
  const [rot, setRot] = useState(String(settings.defaultRotDays));
  const [currency, setCurrency] = useState(settings.baseCurrency);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  // Follow changes made elsewhere (restore, another tab) in fields that are not being edited.
  useEffect(() => {
    if (!timers.current.has('me')) setMe(settings.me);
    if (!timers.current.has('rot') && Number(rot) !== settings.defaultRotDays && validRot(rot)) setRot(String(settings.defaultRotDays));
    if (!timers.current.has('currency') && validCurrency(currency) && currency !== settings.baseCurrency) setCurrency(settings.baseCurrency);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings]);
  useEffect(() => () => timers.current.forEach((timer) => clearTimeout(timer)), []);

  const write = async (change: Partial<Settings>) => {
    await updateSettings(db, change);
    setStatus(t('options.team.saved'));
  };
  const later = (key: string, change: () => Partial<Settings> | null) => {
    const timer = timers.current.get(key);
    if (timer) clearTimeout(timer);
    setStatus('');
    timers.current.set(key, setTimeout(() => {
      timers.current.delete(key);
      const value = change();
      if (value) void write(value);
    }, debounceMs));
  };

  const rotValid = validRot(rot);
  const currencyValid = validCurrency(currency);
  const keyTypes = settings.keyActivityTypes;
  const remaining = ACTIVITY_TYPES.filter((type) => !keyTypes.includes(type));

  return (
    <section class="panel team-settings" aria-labelledby="team-title" data-testid="team-settings">
      <h2 id="team-title">{t('options.team.title')}</h2>

      <fieldset class="group">
        <legend>{t('options.team.me')}</legend>
        <p class="field-hint" id="me-hint">{t('options.team.meHint')}</p>
        <div class="field-row">
          {CRM_IDS.map((crm) => (
            <div class="field" key={crm}>
              <label for={`me-${crm}`}>{t(CRM_LABEL_KEYS[crm])}</label>
              <input
                id={`me-${crm}`}
                type="text"
                maxLength={200}
                aria-describedby="me-hint"
                value={me[crm]}
                onInput={(e) => {
                  const next = { ...me, [crm]: e.currentTarget.value };
                  setMe(next);
                  later('me', () => ({ me: next }));
                }}
              />
            </div>
          ))}
        </div>
      </fieldset>

      <div class="field-row">
        <div class={`field${rotValid ? '' : ' field--invalid'}`}>
          <label for="default-rot">{t('options.team.defaultRotDays')}</label>
          <input
            id="default-rot"
            type="number"
            min={1}
            max={365}
            step={1}
            value={rot}
            aria-invalid={!rotValid}
            aria-describedby={rotValid ? undefined : 'error-defaultRotDays'}
            data-testid="default-rot"
            onInput={(e) => {
              const text = e.currentTarget.value;
              setRot(text);
              later('rot', () => (validRot(text) ? { defaultRotDays: Number(text) } : null));
            }}
          />
          <FieldError path="defaultRotDays" message={rotValid ? null : t('options.team.rotError')} />
        </div>

        <div class={`field${currencyValid ? '' : ' field--invalid'}`}>
          <label for="base-currency">{t('options.team.currency')}</label>
          <input
            id="base-currency"
            type="text"
            maxLength={3}
            autocapitalize="characters"
            value={currency}
            aria-invalid={!currencyValid}
            aria-describedby={currencyValid ? undefined : 'error-baseCurrency'}
            onInput={(e) => {
              const text = e.currentTarget.value.toUpperCase();
              setCurrency(text);
              later('currency', () => (validCurrency(text) ? { baseCurrency: text, baseCurrencyFrom: 'manager' } : null));
            }}
          />
          <FieldError path="baseCurrency" message={currencyValid ? null : t('options.team.currencyError')} />
          <BaseCurrencyOrigin settings={settings} />
        </div>

        <div class="field">
          <label for="week-start">{t('options.team.weekStart')}</label>
          <select id="week-start" value={settings.weekStart} onChange={(e) => void write({ weekStart: e.currentTarget.value as Settings['weekStart'] })}>
            <option value="monday">{t('options.team.monday')}</option>
            <option value="sunday">{t('options.team.sunday')}</option>
          </select>
        </div>

        <div class="field">
          <label for="language">{t('options.team.language')}</label>
          <select id="language" value={settings.locale} data-testid="language" onChange={(e) => void write({ locale: e.currentTarget.value as Settings['locale'] })}>
            <option value="auto">{t('options.team.languageAuto')}</option>
            {LOCALES.map((locale) => <option key={locale} value={locale} lang={locale}>{LANGUAGE_NAMES[locale]}</option>)}
          </select>
        </div>
      </div>

      <fieldset class="group">
        <legend>{t('options.team.keyActivities')}</legend>
        <p class="field-hint">{t('options.team.keyActivitiesHint')}</p>
        <ol class="key-activities" data-testid="key-activities">
          {keyTypes.map((type, i) => {
            const name = t(ACTIVITY_KEYS[type]);
            return (
              <li key={type} data-type={type}>
                <span class="key-activities__key" aria-hidden="true">{i + 1}</span>
                <span class="key-activities__name">{name}</span>
                <button type="button" class="icon-button" aria-label={t('options.team.moveActivityUp', { name })} title={t('options.team.moveActivityUp', { name })} disabled={i === 0} onClick={() => void write({ keyActivityTypes: move(keyTypes, i, i - 1) })}>↑</button>
                <button type="button" class="icon-button" aria-label={t('options.team.moveActivityDown', { name })} title={t('options.team.moveActivityDown', { name })} disabled={i === keyTypes.length - 1} onClick={() => void write({ keyActivityTypes: move(keyTypes, i, i + 1) })}>↓</button>
                <button type="button" class="icon-button icon-button--danger" aria-label={t('options.team.removeActivity', { name })} title={t('options.team.removeActivity', { name })} disabled={keyTypes.length <= 1} onClick={() => void write({ keyActivityTypes: keyTypes.filter((x) => x !== type) })}>✕</button>
              </li>
            );
          })}
        </ol>
        {keyTypes.length < MAX_KEY_ACTIVITIES && remaining.length > 0 ? (
          <div class="field">
            <label for="add-activity">{t('options.team.addActivity')}</label>
            <select
              id="add-activity"
              value=""
              onChange={(e) => {
                const type = e.currentTarget.value as ActivityType;
                e.currentTarget.value = '';
                if (type) void write({ keyActivityTypes: [...keyTypes, type] });
              }}
            >
              <option value="">—</option>
              {remaining.map((type) => <option key={type} value={type}>{t(ACTIVITY_KEYS[type])}</option>)}
            </select>
          </div>
        ) : null}
      </fieldset>

      <CurrencyRates db={db} settings={settings} onSaved={() => setStatus(t('options.team.saved'))} />

      <fieldset class="group">
        <legend>{t('options.team.iconOpens')}</legend>
        {(['sidepanel', 'popup'] as const).map((value) => (
          <label class="checkbox" key={value}>
            <input type="radio" name="icon-opens" value={value} checked={settings.iconOpens === value} onChange={() => void write({ iconOpens: value })} />
            {t(value === 'sidepanel' ? 'options.team.iconSidepanel' : 'options.team.iconPopup')}
          </label>
        ))}
      </fieldset>

      <LiveStatus testId="settings-status">{status}</LiveStatus>
    </section>
  );
}

const validRot = (text: string) => /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 365;
const validCurrency = (text: string) => /^[A-Z]{3}$/.test(text);
