import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase } from '@/lib/db/database';
import { applyLocaleCurrency, loadSettings, updateSettings } from '@/lib/db/settings';
import { baseFromCrm, baseFromLocale, currencyOfLocales } from '@/lib/metrics/base-currency';
import { crmRatesTo, dealInBase, moneyOf } from '@/lib/metrics/currency';
import { DEFAULT_SETTINGS, repairSettings } from '@/lib/model/settings.schema';

// Where the team's base currency comes from (the manager > the CRM > the browser's locale > EUR) and
// how the CRM's rates, stated in its company currency, are restated in whatever base the team uses.

describe('the base currency from the browser’s locale', () => {
  it.each([
    [['en-US'], 'USD'],
    [['de-AT', 'en'], 'EUR'],
    [['sv'], 'SEK'],
    [['nb-NO'], 'NOK'],
    [['nl-BE'], 'EUR'],
    [['it'], 'EUR'],
    [['en-GB'], 'GBP'],
    [['en', 'sv-SE'], 'SEK'],
    [['sv_SE'], 'SEK'],
    [['zh-Hant-HK'], 'HKD'],
  ])('%j → %s', (languages, code) => {
    expect(currencyOfLocales(languages)).toBe(code);
  });

  it('a language that names no currency (en, es-419) gives none', () => {
    expect(currencyOfLocales(['en'])).toBeNull();
    expect(currencyOfLocales(['es-419'])).toBeNull();
    expect(currencyOfLocales([])).toBeNull();
  });

  it('is taken only while nothing has chosen the base', () => {
    expect(baseFromLocale(DEFAULT_SETTINGS, ['sv-SE'])).toMatchObject({ baseCurrency: 'SEK', baseCurrencyFrom: 'locale' });
    expect(baseFromLocale(DEFAULT_SETTINGS, ['en'])).toBe(DEFAULT_SETTINGS);
    for (const from of ['locale', 'crm', 'manager'] as const) {
      const chosen = { ...DEFAULT_SETTINGS, baseCurrency: 'NOK', baseCurrencyFrom: from };
      expect(baseFromLocale(chosen, ['en-US'])).toBe(chosen);
    }
  });

  it('at install: stored once, and a later start with another language keeps it', async () => {
    const db = openDatabase('base-currency-install');
    try {
      expect((await applyLocaleCurrency(db, ['nb-NO'])).baseCurrency).toBe('NOK');
      await applyLocaleCurrency(db, ['en-US']);
      expect(await loadSettings(db)).toMatchObject({ baseCurrency: 'NOK', baseCurrencyFrom: 'locale' });
    } finally {
      await Dexie.delete('base-currency-install');
    }
  });
});

describe('the base currency from the CRM', () => {
  const crm = { crm: 'salesforce', company: 'USD', rates: { EUR: 1.1, SEK: 0.1 }, readAt: 1 };

  it('replaces a default or locale base, never the manager’s; the rates are kept either way', () => {
    expect(baseFromCrm({ ...DEFAULT_SETTINGS, baseCurrency: 'SEK', baseCurrencyFrom: 'locale' }, crm)).toMatchObject({ baseCurrency: 'USD', baseCurrencyFrom: 'crm', crmCurrency: crm });
    expect(baseFromCrm({ ...DEFAULT_SETTINGS, baseCurrency: 'SEK', baseCurrencyFrom: 'manager' }, crm)).toMatchObject({ baseCurrency: 'SEK', baseCurrencyFrom: 'manager', crmCurrency: crm });
  });
});

describe('the CRM’s rates in the team’s base', () => {
  const crm = { crm: 'hubspot', company: 'USD', rates: { EUR: 1.1, SEK: 0.1 }, readAt: 1 };

  it('as stated when the base is the company currency', () => {
    expect(crmRatesTo('USD', crm)).toEqual({ EUR: 1.1, SEK: 0.1 });
  });

  it('restated through the company currency otherwise: X→SEK = (X→USD) / (SEK→USD)', () => {
    // 1 EUR = 1.1 USD and 1 SEK = 0.1 USD, so 1 EUR = 11 SEK and 1 USD = 10 SEK.
    const rates = crmRatesTo('SEK', crm);
    expect(rates.EUR).toBeCloseTo(11, 12);
    expect(rates.USD).toBeCloseTo(10, 12);
    expect(Object.keys(rates).sort()).toEqual(['EUR', 'USD']);
  });

  it('none when the base is a currency the CRM does not rate', () => {
    expect(crmRatesTo('NOK', crm)).toEqual({});
    expect(crmRatesTo('EUR', null)).toEqual({});
  });

  it('the manager’s rate wins over the CRM’s; a deal is converted with the rate in use', () => {
    const money = moneyOf({ baseCurrency: 'USD', currencyRates: { EUR: 1.2 }, crmCurrency: crm });
    expect(money).toEqual({ base: 'USD', rates: { EUR: 1.2, SEK: 0.1 } });
    const deal = { id: 'd', title: 'd', owner: 'o', pipeline: 'p', value: 1000, currency: 'SEK', createdAt: 0, closedAt: null, status: 'open' as const, stageHistory: [] };
    expect(dealInBase(deal, money)).toMatchObject({ value: 100, currency: 'USD' });
  });
});

describe('stored money settings, repaired field by field', () => {
  it('a base chosen before bases had an origin is the manager’s', () => {
    expect(repairSettings({ baseCurrency: 'SEK' })).toMatchObject({ baseCurrency: 'SEK', baseCurrencyFrom: 'manager' });
    expect(repairSettings({ baseCurrency: 'EUR' })).toMatchObject({ baseCurrency: 'EUR', baseCurrencyFrom: 'default' });
    expect(repairSettings({ baseCurrency: 'SEK', baseCurrencyFrom: 'locale' }).baseCurrencyFrom).toBe('locale');
    expect(repairSettings({ baseCurrency: 'SEK', baseCurrencyFrom: 'someone' }).baseCurrencyFrom).toBe('default');
  });

  it('the CRM’s rates lose a bad entry, keep the rest; a broken record is dropped, nothing else is', () => {
    const repaired = repairSettings({ weekStart: 'sunday', crmCurrency: { crm: 'hubspot', company: 'EUR', rates: { USD: 0.92, sek: 1, NOK: -1, GBP: 'x', SEK: 0.087 }, readAt: 5 } });
    expect(repaired.crmCurrency).toEqual({ crm: 'hubspot', company: 'EUR', rates: { USD: 0.92, SEK: 0.087 }, readAt: 5 });
    expect(repairSettings({ weekStart: 'sunday', crmCurrency: { crm: 'hubspot', company: 'euro', rates: {}, readAt: 5 } })).toMatchObject({ weekStart: 'sunday', crmCurrency: null });
  });

  it('a manager’s change of base through the settings is kept as theirs', async () => {
    const db = openDatabase('base-currency-manager');
    try {
      await applyLocaleCurrency(db, ['sv-SE']);
      await updateSettings(db, { baseCurrency: 'DKK', baseCurrencyFrom: 'manager' });
      await applyLocaleCurrency(db, ['en-US']);
      expect(await loadSettings(db)).toMatchObject({ baseCurrency: 'DKK', baseCurrencyFrom: 'manager' });
    } finally {
      await Dexie.delete('base-currency-manager');
    }
  });
});
