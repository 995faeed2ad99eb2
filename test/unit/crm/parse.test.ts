import { describe, expect, it } from 'vitest';
import { closedStatusOf, badgeStatusOf, isLabel } from '../../../lib/crm/labels';
import { orderFromPattern, parseDate, parseMoney, parseNumber } from '../../../lib/crm/parse';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('parseMoney', () => {
  it.each<[string, string | null, number, string | null]>([
    ['SEK 1 250 000,50', 'sv', 1250000.5, 'SEK'],
    [`SEK 1${NBSP}250${NBSP}000,50`, 'en', 1250000.5, 'SEK'],
    [`1${NNBSP}250${NNBSP}000,50${NBSP}kr`, 'sv', 1250000.5, 'SEK'],
    ['12.500,00 €', 'de', 12500, 'EUR'],
    [`12.500,00${NBSP}€`, 'de-DE', 12500, 'EUR'],
    ['$12,000.00', 'en', 12000, 'USD'],
    ['€12,000.00', 'en', 12000, 'EUR'],
    ['€12,000', 'en', 12000, 'EUR'],
    ['£7,450.25', 'en-GB', 7450.25, 'GBP'],
    ['$48,000', 'en', 48000, 'USD'],
    ['$250,000.00', 'en-US', 250000, 'USD'],
    ['kr 12 000', 'sv', 12000, 'SEK'],
    ['kr 12 000', 'nb', 12000, 'NOK'],
    ['kr 12 000', 'nn-NO', 12000, 'NOK'],
    ['kr 12 000', 'no', 12000, 'NOK'],
    ['kr. 12.000,00', 'da', 12000, 'DKK'],
    ['12 000 kr', 'da-DK', 12000, 'DKK'],
    ['kr 12 000', 'en', 12000, null],
    ['kr 12 000', null, 12000, null],
    ['12 000:-', 'sv', 12000, 'SEK'],
    ["CHF 1'250'000.50", 'de-CH', 1250000.5, 'CHF'],
    ["1'250'000.50", 'de-CH', 1250000.5, null],
    ['1’250’000.50 CHF', 'fr-CH', 1250000.5, 'CHF'],
    ['EUR 250.000,00', 'it', 250000, 'EUR'],
    [`250${NNBSP}000,00${NBSP}€`, 'fr', 250000, 'EUR'],
    ['USD 250,000.00 (EUR 230,000.00)', 'en', 250000, 'USD'],
    ['250000', 'en', 250000, null],
    ['12,5', 'de', 12.5, null],
    ['0,500', 'de', 0.5, null],
    ['Amount: $24,000.00', 'en', 24000, 'USD'],
    ['US$ 1,000', 'en', 1000, 'USD'],
    ['CA$2,500.00', 'en-CA', 2500, 'CAD'],
    ['A$ 99', 'en-AU', 99, 'AUD'],
    ['¥120,000', 'ja', 120000, null],
    ['₹ 4,50,000', 'en-IN', 450000, 'INR'],
    ['$24K', 'en', 24000, 'USD'],
    ['1,2 M €', 'de', 1200000, 'EUR'],
    ['-$500.00', 'en', -500, 'USD'],
    ['- 500,00 €', 'de', -500, 'EUR'],
    ['TOTAL 12', 'en', 12, null],
  ])('%j (%s) → %d %s', (text, lang, value, currency) => {
    expect(parseMoney(text, lang)).toEqual({ value, currency });
  });

  it.each(['', '-', '--', '—', 'n/a', 'Add products', '€', null, undefined])('%j → null', (text) => {
    expect(parseMoney(text as string, 'en')).toBeNull();
  });
});

describe('parseNumber', () => {
  it.each<[string, number | null]>([
    ['1,250,000.50', 1250000.5],
    ['1.250.000,50', 1250000.5],
    ['1 250 000,50', 1250000.5],
    ['12,000', 12000],
    ['12.000', 12000],
    ['12,50', 12.5],
    ['1.5', 1.5],
    ['1,2,3', null],
    ['1.250,000.5', null],
    ['12.34.56', null],
  ])('%s → %s', (raw, n) => expect(parseNumber(raw)).toBe(n));
});

describe('parseDate', () => {
  it.each<[string, string | null, string | null]>([
    ['2027-03-31', null, '2027-03-31'],
    ['2027-03-31T00:00:00Z', 'en', '2027-03-31'],
    ['2027/3/31', 'ja', '2027-03-31'],
    ['31.3.2027', 'de', '2027-03-31'],
    ['31.3.2027', 'it', '2027-03-31'],
    ['31.03.2027', 'nb', '2027-03-31'],
    ['3.4.2027', 'de', '2027-04-03'],
    ['3.4.2027', 'en-US', '2027-04-03'],
    ['3/31/2027', 'en-US', '2027-03-31'],
    ['3/31/2027', 'fr', '2027-03-31'],
    ['03/31/2027', 'de', '2027-03-31'],
    ['31/03/2027', 'fr', '2027-03-31'],
    ['31/03/2027', 'en-US', '2027-03-31'],
    ['31/3/2027', 'it', '2027-03-31'],
    ['4/3/2027', 'en-US', '2027-04-03'],
    ['4/3/2027', 'en', '2027-04-03'],
    ['4/3/2027', 'en-GB', '2027-03-04'],
    ['4/3/2027', 'fr', '2027-03-04'],
    ['4/3/2027', 'sv', '2027-03-04'],
    ['4/3/2027', null, null],
    ['4/3/2027', '', null],
    ['4/3/2027', 'ja', null],
    ['5/5/2027', null, '2027-05-05'],
    ['31-03-2027', 'nl', '2027-03-31'],
    ['31/3/27', 'it', '2027-03-31'],
    ['Mar 31, 2027', 'en', '2027-03-31'],
    ['March 31, 2027', 'en', '2027-03-31'],
    ['Wednesday, March 31st, 2027', 'en', '2027-03-31'],
    ['31 March 2027', 'en-GB', '2027-03-31'],
    ['31 mars 2027', 'sv', '2027-03-31'],
    ['31 mars 2027', 'fr', '2027-03-31'],
    ['den 31 mars 2027', 'sv', '2027-03-31'],
    ['31. mars 2027', 'nb', '2027-03-31'],
    ['31. marts 2027', 'da', '2027-03-31'],
    ['31 maart 2027', 'nl', '2027-03-31'],
    ['31 mrt. 2027', 'nl', '2027-03-31'],
    ['31 marzo 2027', 'it', '2027-03-31'],
    ['31. März 2027', 'de', '2027-03-31'],
    ['31. Mrz. 2027', 'de', '2027-03-31'],
    ['31 de marzo de 2027', 'es', '2027-03-31'],
    ['martes, 31 de marzo de 2027', 'es', '2027-03-31'],
    ['1er février 2027', 'fr', '2027-02-01'],
    ['15 févr. 2027', 'fr', '2027-02-15'],
    ['14 juil. 2027', 'fr', '2027-07-14'],
    ['3 août 2027', 'fr', '2027-08-03'],
    ['3 giu 2027', 'it', '2027-06-03'],
    ['24. desember 2027', 'nb', '2027-12-24'],
    ['6 okt. 2027', 'sv', '2027-10-06'],
    ['17 mei 2027', 'nl', '2027-05-17'],
    ['Feb 3, 2026 10:14 AM', 'en', '2026-02-03'],
    ['03.02.2026 10:14', 'nb', '2026-02-03'],
    ['3 feb. 2026 10:14', 'sv', '2026-02-03'],
    ['Feb 29, 2028', 'en', '2028-02-29'],
    ['Feb 29, 2027', 'en', null],
    ['31/02/2027', 'fr', null],
    ['13/13/2027', 'fr', null],
    ['2027-13-01', null, null],
    ['31 jui 2027', 'fr', null],
    ['Q1 2027', 'en', null],
    ['-', 'en', null],
    ['--', 'en', null],
    ['', 'en', null],
    ['3 days', 'en', null],
  ])('%j (%s) → %s', (text, lang, iso) => {
    expect(parseDate(text, lang)).toBe(iso);
  });

  it('uses the order an input placeholder shows', () => {
    expect(orderFromPattern('MM/DD/YYYY')).toBe('mdy');
    expect(orderFromPattern('DD/MM/YYYY')).toBe('dmy');
    expect(orderFromPattern('TT.MM.JJJJ')).toBe('dmy');
    expect(orderFromPattern('JJ/MM/AAAA')).toBe('dmy');
    expect(orderFromPattern('YYYY-MM-DD')).toBe('ymd');
    expect(orderFromPattern('')).toBeNull();
    expect(parseDate('04/03/2027', 'de', 'mdy')).toBe('2027-04-03');
    expect(parseDate('04/03/2027', 'en-US', 'dmy')).toBe('2027-03-04');
  });
});

describe('labels', () => {
  it.each<[string, 'won' | 'lost' | null]>([
    ['Closed Won', 'won'],
    ['Closed won', 'won'],
    ['Closed Lost', 'lost'],
    ['Closed', null],
    ['Chiusa vinta', 'won'],
    ['Chiusa persa', 'lost'],
    ['Geschlossen und gewonnen', 'won'],
    ['Abgeschlossen und verloren', 'lost'],
    ['Fermée gagnée', 'won'],
    ['Conclu perdu', 'lost'],
    ['Cerrada ganada', 'won'],
    ['Cerrado perdido', 'lost'],
    ['Gesloten gewonnen', 'won'],
    ['Stängd vunnen', 'won'],
    ['Avslutad förlorad', 'lost'],
    ['Lukket vunnet', 'won'],
    ['Lukket tapt', 'lost'],
    ['Lukket tabt', 'lost'],
    ['Won', 'won'],
    ['Verloren', 'lost'],
    ['Win plan review', null],
    ['Contract sent', null],
    ['Proposal/Price Quote', null],
    [null as unknown as string, null],
  ])('closedStatusOf(%j) → %s', (stage, status) => expect(closedStatusOf(stage)).toBe(status));

  it.each<[string, 'won' | 'lost' | null]>([
    ['Won', 'won'],
    ['Vunnen', 'won'],
    ['Gewonnen', 'won'],
    ['Gagné', 'won'],
    ['Lost', 'lost'],
    ['Tapt', 'lost'],
    ['Perso', 'lost'],
    ['Perdido', 'lost'],
    ['Open', null],
  ])('badgeStatusOf(%j) → %s', (text, status) => expect(badgeStatusOf(text)).toBe(status));

  it('matches labels exactly, ignoring case, trailing colons and extra spaces', () => {
    expect(isLabel('value', 'Amount:')).toBe(true);
    expect(isLabel('value', '  Värde ')).toBe(true);
    expect(isLabel('closeDate', 'Date de clôture')).toBe(true);
    expect(isLabel('closeDate', 'Schlusstermin *')).toBe(true);
    expect(isLabel('value', 'Expected Revenue')).toBe(false);
    expect(isLabel('value', 'Setup fee')).toBe(false);
    expect(isLabel('owner', 'Person')).toBe(false);
  });
});
