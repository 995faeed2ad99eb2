import type { CommonTexts } from '../types';
import type { LocalCrmStages } from '../crm-stages';

// Det alle norske maler deler: kvalifiseringslistene og den tomme salgshåndboken.

export const common: CommonTexts = {
  qualifications: {
    bant: {
      budget: { title: 'Budsjett', hint: 'Er det satt av penger til dette, og hvor mye?' },
      authority: { title: 'Beslutningsmyndighet', hint: 'Hvem signerer, og har du snakket med vedkommende?' },
      need: { title: 'Behov', hint: 'Hvilket problem trenger kjøperen å få løst, med deres egne ord?' },
      timeline: { title: 'Tidsplan', hint: 'Innen når må det være løst, og hvorfor da?' },
    },
    meddicc: {
      metrics: { title: 'Måltall', hint: 'Den målbare gevinsten kjøperen forventer.' },
      'economic-buyer': { title: 'Økonomisk beslutningstaker', hint: 'Personen som kan frigjøre pengene.' },
      'decision-criteria': { title: 'Beslutningskriterier', hint: 'Hvordan de vil sammenligne alternativene.' },
      'decision-process': { title: 'Beslutningsprosess', hint: 'Steg, personer og datoer fram til signatur.' },
      'identify-pain': { title: 'Identifiser problemet', hint: 'Forretningsproblemet og hva det koster å ikke gjøre noe.' },
      champion: { title: 'Intern pådriver', hint: 'Hvem selger for deg når du ikke er i rommet?' },
      competition: { title: 'Konkurranse', hint: 'Hvilke andre alternativer som vurderes, også det å ikke gjøre noe.' },
    },
    spiced: {
      situation: { title: 'Situasjon', hint: 'Fakta om kjøperen i dag.' },
      pain: { title: 'Problem', hint: 'Hva som ikke fungerer, og for hvem.' },
      impact: { title: 'Effekt', hint: 'Hva det er verdt å løse det, i deres egne tall.' },
      'critical-event': { title: 'Kritisk hendelse', hint: 'Datoen som tvinger fram en beslutning.' },
      decision: { title: 'Beslutning', hint: 'Hvem som bestemmer, hvordan og etter hvilke kriterier.' },
    },
  },
  blank: { pipeline: 'Salg', stage: 'Første møte gjennomført' },
};

/** Standardstegene i hvert CRM slik de heter i det norske grensesnittet. */
export const crmStages: LocalCrmStages = {
  pipedrive: {
    Qualified: ['Kvalifisert'],
    'Contact Made': ['Kontakt opprettet'],
    'Demo Scheduled': ['Demo planlagt'],
    'Proposal Made': ['Tilbud gitt'],
    'Negotiations Started': ['Forhandlinger startet'],
  },
  hubspot: {
    'Appointment scheduled': ['Avtale planlagt', 'Møte booket'],
    'Qualified to buy': ['Kvalifisert til å kjøpe'],
    'Presentation scheduled': ['Presentasjon planlagt'],
    'Decision maker bought-in': ['Beslutningstaker har kjøpt inn'],
    'Contract sent': ['Kontrakt sendt'],
    'Closed won': ['Lukket vunnet'],
    'Closed lost': ['Lukket tapt'],
  },
  salesforce: {
    Prospecting: ['Prospektering'],
    Qualification: ['Kvalifisering'],
    'Needs Analysis': ['Behovsanalyse'],
    'Value Proposition': ['Verdiforslag'],
    'Id. Decision Makers': ['Identifiser beslutningstakere'],
    'Perception Analysis': ['Oppfatningsanalyse'],
    'Proposal/Price Quote': ['Forslag/pristilbud'],
    'Negotiation/Review': ['Forhandling/gjennomgang'],
    'Closed Won': ['Lukket vunnet'],
    'Closed Lost': ['Lukket tapt'],
  },
};
