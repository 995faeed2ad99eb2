import type { CommonTexts } from '../types';
import type { LocalCrmStages } from '../crm-stages';

// Wat alle Nederlandse sjablonen delen: de kwalificatielijsten en het lege playbook.

export const common: CommonTexts = {
  qualifications: {
    bant: {
      budget: { title: 'Budget', hint: 'Is er geld voor vrijgemaakt, en hoeveel?' },
      authority: { title: 'Beslissingsbevoegdheid', hint: 'Wie tekent er, en heb je die persoon gesproken?' },
      need: { title: 'Behoefte', hint: 'Welk probleem moet de koper opgelost zien, in hun eigen woorden?' },
      timeline: { title: 'Tijdlijn', hint: 'Wanneer moet het opgelost zijn, en waarom dan?' },
    },
    meddicc: {
      metrics: { title: 'Meetbare resultaten', hint: 'De meetbare winst die de koper verwacht.' },
      'economic-buyer': { title: 'Budgethouder', hint: 'De persoon die het geld kan vrijmaken.' },
      'decision-criteria': { title: 'Beslissingscriteria', hint: 'Hoe ze de opties gaan vergelijken.' },
      'decision-process': { title: 'Beslissingsproces', hint: 'Stappen, mensen en data tot aan de handtekening.' },
      'identify-pain': { title: 'Probleem benoemen', hint: 'Het zakelijke probleem en wat niets doen kost.' },
      champion: { title: 'Interne pleitbezorger', hint: 'Wie verkoopt voor jou als je niet in de kamer bent?' },
      competition: { title: 'Concurrentie', hint: 'Wie er nog meer in beeld is, niets doen inbegrepen.' },
    },
    spiced: {
      situation: { title: 'Situatie', hint: 'Feiten over de koper vandaag.' },
      pain: { title: 'Probleem', hint: 'Wat er niet werkt, en voor wie.' },
      impact: { title: 'Effect', hint: 'Wat het oplossen waard is, in hun eigen cijfers.' },
      'critical-event': { title: 'Beslissend moment', hint: 'De datum die een beslissing afdwingt.' },
      decision: { title: 'Beslissing', hint: 'Wie beslist, hoe en op basis van welke criteria.' },
    },
  },
  blank: { pipeline: 'Verkoop', stage: 'Eerste gesprek gevoerd' },
};

/** De standaardfasen van elk CRM zoals de Nederlandse interface ze noemt. */
export const crmStages: LocalCrmStages = {
  pipedrive: {
    Qualified: ['Gekwalificeerd'],
    'Contact Made': ['Contact gelegd'],
    'Demo Scheduled': ['Demo gepland'],
    'Proposal Made': ['Voorstel gedaan'],
    'Negotiations Started': ['Onderhandelingen gestart'],
  },
  hubspot: {
    'Appointment scheduled': ['Afspraak gepland'],
    'Qualified to buy': ['Gekwalificeerd om te kopen'],
    'Presentation scheduled': ['Presentatie gepland'],
    'Decision maker bought-in': ['Beslisser is akkoord'],
    'Contract sent': ['Contract verzonden', 'Contract verstuurd'],
    'Closed won': ['Gesloten gewonnen'],
    'Closed lost': ['Gesloten verloren'],
  },
  salesforce: {
    Prospecting: ['Prospectie'],
    Qualification: ['Kwalificatie'],
    'Needs Analysis': ['Behoefteanalyse'],
    'Value Proposition': ['Waardepropositie'],
    'Id. Decision Makers': ['Beslissers identificeren'],
    'Perception Analysis': ['Perceptieanalyse'],
    'Proposal/Price Quote': ['Voorstel/prijsofferte'],
    'Negotiation/Review': ['Onderhandeling/beoordeling'],
    'Closed Won': ['Gesloten/gewonnen'],
    'Closed Lost': ['Gesloten/verloren'],
  },
};
