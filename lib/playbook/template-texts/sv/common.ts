import type { CommonTexts } from '../types';
import type { LocalCrmStages } from '../crm-stages';

// Det som alla svenska mallar delar: kvalificeringslistorna och den tomma spelboken.

export const common: CommonTexts = {
  qualifications: {
    bant: {
      budget: { title: 'Budget', hint: 'Finns det pengar avsatta för det här, och hur mycket?' },
      authority: { title: 'Beslutsmandat', hint: 'Vem skriver under, och har du pratat med den personen?' },
      need: { title: 'Behov', hint: 'Vilket problem behöver köparen få löst, med deras egna ord?' },
      timeline: { title: 'Tidsplan', hint: 'När måste det vara löst, och varför just då?' },
    },
    meddicc: {
      metrics: { title: 'Mätvärden', hint: 'Den mätbara vinst som köparen räknar med.' },
      'economic-buyer': { title: 'Ekonomisk beslutsfattare', hint: 'Personen som kan frigöra pengarna.' },
      'decision-criteria': { title: 'Beslutskriterier', hint: 'Hur de kommer att jämföra alternativen.' },
      'decision-process': { title: 'Beslutsprocess', hint: 'Steg, personer och datum fram till underskrift.' },
      'identify-pain': { title: 'Identifiera problemet', hint: 'Verksamhetens problem och vad det kostar att inte göra något.' },
      champion: { title: 'Intern förespråkare', hint: 'Vem säljer åt dig när du inte är med i rummet?' },
      competition: { title: 'Konkurrens', hint: 'Vilka andra alternativ som övervägs, inklusive att inte göra något.' },
    },
    spiced: {
      situation: { title: 'Situation', hint: 'Fakta om köparen i dag.' },
      pain: { title: 'Problem', hint: 'Vad som inte fungerar, och för vem.' },
      impact: { title: 'Effekt', hint: 'Vad det är värt att lösa det, i deras egna siffror.' },
      'critical-event': { title: 'Avgörande händelse', hint: 'Datumet som tvingar fram ett beslut.' },
      decision: { title: 'Beslut', hint: 'Vem som beslutar, hur och utifrån vilka kriterier.' },
    },
  },
  blank: { pipeline: 'Försäljning', stage: 'Första mötet hållet' },
};

/** Standardstegen i varje CRM som de heter i det svenska gränssnittet. */
export const crmStages: LocalCrmStages = {
  pipedrive: {
    Qualified: ['Kvalificerad'],
    'Contact Made': ['Kontakt etablerad'],
    'Demo Scheduled': ['Demo schemalagd'],
    'Proposal Made': ['Förslag lämnat'],
    'Negotiations Started': ['Förhandlingar inledda'],
  },
  hubspot: {
    'Appointment scheduled': ['Möte bokat'],
    'Qualified to buy': ['Kvalificerad att köpa'],
    'Presentation scheduled': ['Presentation bokad'],
    'Decision maker bought-in': ['Beslutsfattare har köpt in'],
    'Contract sent': ['Kontrakt skickat', 'Avtal skickat'],
    'Closed won': ['Stängd vunnen', 'Avslutad vunnen'],
    'Closed lost': ['Stängd förlorad', 'Avslutad förlorad'],
  },
  salesforce: {
    Prospecting: ['Prospektering'],
    Qualification: ['Kvalificering'],
    'Needs Analysis': ['Behovsanalys'],
    'Value Proposition': ['Värdeförslag'],
    'Id. Decision Makers': ['Identifiera beslutsfattare'],
    'Perception Analysis': ['Perceptionsanalys'],
    'Proposal/Price Quote': ['Förslag/prisofferter', 'Offert/Förslag'],
    'Negotiation/Review': ['Förhandling/granskning'],
    'Closed Won': ['Stängd vunnen'],
    'Closed Lost': ['Stängd förlorad'],
  },
};
