import { defineMessages } from '../define';

// The charts of the managers' pages: their titles, and the table behind each.
export const charts = defineMessages({
  en: {
    'chart.showTable': 'Show as a table: {chart}',
    'chart.repsTitle': 'Win rate and process adoption per rep: {period}',
    'chart.conversionTitle': 'Conversion per stage, whole team: {period}',
    'chart.step': 'Stage step',
    'chart.forecastTitle': 'Forecast against won per period: {rep}',
    'maturity.chartTitle': 'Score per dimension (0 to 4)',
  },
  sv: {
    'chart.showTable': 'Visa som tabell: {chart}',
    'chart.repsTitle': 'Vinstandel och processefterlevnad per säljare: {period}',
    'chart.conversionTitle': 'Konvertering per steg, hela teamet: {period}',
    'chart.step': 'Steg',
    'chart.forecastTitle': 'Prognos mot vunnet per period: {rep}',
    'maturity.chartTitle': 'Poäng per dimension (0 till 4)',
  },
  nb: {
    'chart.showTable': 'Vis som tabell: {chart}',
    'chart.repsTitle': 'Vinnerandel og prosessetterlevelse per selger: {period}',
    'chart.conversionTitle': 'Konvertering per steg, hele teamet: {period}',
    'chart.step': 'Steg',
    'chart.forecastTitle': 'Prognose mot vunnet per periode: {rep}',
    'maturity.chartTitle': 'Poeng per dimensjon (0 til 4)',
  },
  nl: {
    'chart.showTable': 'Als tabel tonen: {chart}',
    'chart.repsTitle': 'Winratio en procesnaleving per verkoper: {period}',
    'chart.conversionTitle': 'Conversie per fase, hele team: {period}',
    'chart.step': 'Fasestap',
    'chart.forecastTitle': 'Forecast tegenover gewonnen per periode: {rep}',
    'maturity.chartTitle': 'Score per dimensie (0 tot 4)',
  },
  it: {
    'chart.showTable': 'Mostra come tabella: {chart}',
    'chart.repsTitle': 'Tasso di vittoria e adozione del processo per venditore: {period}',
    'chart.conversionTitle': 'Conversione per fase, tutto il team: {period}',
    'chart.step': 'Passaggio di fase',
    'chart.forecastTitle': 'Previsione rispetto al vinto per periodo: {rep}',
    'maturity.chartTitle': 'Punteggio per dimensione (da 0 a 4)',
  },
});
