import type { CommonTexts } from '../types';
import type { LocalCrmStages } from '../crm-stages';

// Ciò che tutti i modelli italiani condividono: le checklist di qualificazione e il playbook vuoto.

export const common: CommonTexts = {
  qualifications: {
    bant: {
      budget: { title: 'Budget', hint: 'Ci sono fondi stanziati per questo, e quanti?' },
      authority: { title: 'Autorità decisionale', hint: 'Chi firma, e ci hai parlato?' },
      need: { title: 'Bisogno', hint: 'Quale problema deve risolvere l’acquirente, con le sue parole?' },
      timeline: { title: 'Tempistiche', hint: 'Entro quando va risolto, e perché proprio allora?' },
    },
    meddicc: {
      metrics: { title: 'Metriche', hint: 'Il guadagno misurabile che l’acquirente si aspetta.' },
      'economic-buyer': { title: 'Decisore economico', hint: 'La persona che può sbloccare il budget.' },
      'decision-criteria': { title: 'Criteri decisionali', hint: 'Come confronteranno le alternative.' },
      'decision-process': { title: 'Processo decisionale', hint: 'Passaggi, persone e date fino alla firma.' },
      'identify-pain': { title: 'Identificare il problema', hint: 'Il problema di business e quanto costa non fare nulla.' },
      champion: { title: 'Sostenitore interno', hint: 'Chi vende per te quando non sei nella stanza?' },
      competition: { title: 'Concorrenza', hint: 'Chi altro viene valutato, compresa l’opzione di non fare nulla.' },
    },
    spiced: {
      situation: { title: 'Situazione', hint: 'I fatti sull’acquirente oggi.' },
      pain: { title: 'Problema', hint: 'Cosa non funziona, e per chi.' },
      impact: { title: 'Impatto', hint: 'Quanto vale risolverlo, nei suoi numeri.' },
      'critical-event': { title: 'Evento critico', hint: 'La data che impone una decisione.' },
      decision: { title: 'Decisione', hint: 'Chi decide, come e con quali criteri.' },
    },
  },
  blank: { pipeline: 'Vendite', stage: 'Primo incontro svolto' },
};

/** Le fasi predefinite di ogni CRM come le mostra l’interfaccia in italiano. */
export const crmStages: LocalCrmStages = {
  pipedrive: {
    Qualified: ['Qualificato'],
    'Contact Made': ['Contatto stabilito'],
    'Demo Scheduled': ['Demo programmata'],
    'Proposal Made': ['Proposta fatta'],
    'Negotiations Started': ['Trattative avviate'],
  },
  hubspot: {
    'Appointment scheduled': ['Appuntamento fissato'],
    'Qualified to buy': ['Qualificato per l’acquisto'],
    'Presentation scheduled': ['Presentazione programmata'],
    'Decision maker bought-in': ['Il decisore ha accettato'],
    'Contract sent': ['Contratto inviato'],
    'Closed won': ['Chiuso vinto'],
    'Closed lost': ['Chiuso perso'],
  },
  salesforce: {
    Prospecting: ['Prospezione'],
    Qualification: ['Qualificazione'],
    'Needs Analysis': ['Analisi delle esigenze'],
    'Value Proposition': ['Proposta di valore'],
    'Id. Decision Makers': ['Identificazione dei responsabili decisionali'],
    'Perception Analysis': ['Analisi della percezione'],
    'Proposal/Price Quote': ['Proposta/preventivo'],
    'Negotiation/Review': ['Negoziazione/revisione'],
    'Closed Won': ['Chiusa/acquisita', 'Chiuso/vinto'],
    'Closed Lost': ['Chiusa/persa', 'Chiuso/perso'],
  },
};
