import { defineMessages } from '../define';

// Team evidence through the CRM: checklist ticks shared as CRM tasks (the switch per CRM, the mark
// in the checklist, a refusal said once) and what the team sync read back of them.
export const teamEvidence = defineMessages({
  en: {
    'share.toggle': 'Share checklist progress with the team through {crm}',
    'share.toggle.hint': 'Each ticked key task becomes a completed {crm} task on the deal, “✓ task”, so your manager sees the team’s progress after a team sync, and in {crm} itself. Unticking removes it.',
    'share.refused': '{reason}, so checklist ticks are not shared with the team. Ticks kept in this browser only: {count}. Ask your {crm} admin for permission to create tasks, then connect again.',
    'task.shared': 'in {crm} for the team',
    'teamSync.ticks': 'Checklist ticks shared by the team: {count}.',
    'teamSync.ticksIgnored': '{count} checklist tasks from an older playbook were ignored.',
    'teamSync.ticksIgnored.one': '{count} checklist task from an older playbook was ignored.',
  },
  sv: {
    'share.toggle': 'Dela checklistans framsteg med teamet via {crm}',
    'share.toggle.hint': 'Varje avbockad nyckeluppgift blir en slutförd uppgift i {crm} på affären, ”✓ uppgift”, så att din chef ser teamets framsteg efter en teamsynkronisering, och i {crm} självt. Tar du bort bocken tas uppgiften bort.',
    'share.refused': '{reason}, så checklistans bockar delas inte med teamet. Bockar som bara finns i den här webbläsaren: {count}. Be din {crm}-administratör om behörighet att skapa uppgifter och anslut sedan igen.',
    'task.shared': 'i {crm} för teamet',
    'teamSync.ticks': 'Bockar i checklistan som teamet delat: {count}.',
    'teamSync.ticksIgnored': '{count} checklisteuppgifter från en äldre playbook ignorerades.',
    'teamSync.ticksIgnored.one': '{count} checklisteuppgift från en äldre playbook ignorerades.',
  },
  nb: {
    'share.toggle': 'Del fremdriften i sjekklisten med teamet gjennom {crm}',
    'share.toggle.hint': 'Hver avkrysset nøkkeloppgave blir en fullført oppgave i {crm} på avtalen, «✓ oppgave», slik at lederen din ser teamets fremdrift etter en teamsynkronisering, og i {crm} selv. Fjerner du krysset, fjernes oppgaven.',
    'share.refused': '{reason}, så sjekklistekryssene deles ikke med teamet. Kryss som bare finnes i denne nettleseren: {count}. Be {crm}-administratoren om tillatelse til å opprette oppgaver, og koble til på nytt.',
    'task.shared': 'i {crm} for teamet',
    'teamSync.ticks': 'Kryss i sjekklisten som teamet har delt: {count}.',
    'teamSync.ticksIgnored': '{count} sjekklisteoppgaver fra en eldre playbook ble ignorert.',
    'teamSync.ticksIgnored.one': '{count} sjekklisteoppgave fra en eldre playbook ble ignorert.',
  },
  nl: {
    'share.toggle': 'Voortgang van de checklist met het team delen via {crm}',
    'share.toggle.hint': 'Elke afgevinkte kerntaak wordt een voltooide {crm}-taak op de deal, „✓ taak”, zodat je manager de voortgang van het team ziet na een teamsynchronisatie, en in {crm} zelf. Uitvinken verwijdert hem.',
    'share.refused': '{reason}, dus de vinkjes van de checklist worden niet met het team gedeeld. Vinkjes die alleen in deze browser staan: {count}. Vraag je {crm}-beheerder om toestemming om taken te maken en maak daarna opnieuw verbinding.',
    'task.shared': 'in {crm} voor het team',
    'teamSync.ticks': 'Vinkjes in de checklist gedeeld door het team: {count}.',
    'teamSync.ticksIgnored': '{count} checklisttaken uit een ouder playbook zijn genegeerd.',
    'teamSync.ticksIgnored.one': '{count} checklisttaak uit een ouder playbook is genegeerd.',
  },
  it: {
    'share.toggle': 'Condividi con il team i progressi della checklist tramite {crm}',
    'share.toggle.hint': 'Ogni attività chiave spuntata diventa un’attività completata di {crm} sulla trattativa, «✓ attività», così il tuo responsabile vede i progressi del team dopo una sincronizzazione del team, e in {crm} stesso. Togliere la spunta la rimuove.',
    'share.refused': '{reason}, quindi le spunte della checklist non vengono condivise con il team. Spunte rimaste solo in questo browser: {count}. Chiedi all’amministratore di {crm} il permesso di creare attività, poi connettiti di nuovo.',
    'task.shared': 'in {crm} per il team',
    'teamSync.ticks': 'Spunte della checklist condivise dal team: {count}.',
    'teamSync.ticksIgnored': '{count} attività della checklist di un playbook precedente sono state ignorate.',
    'teamSync.ticksIgnored.one': '{count} attività della checklist di un playbook precedente è stata ignorata.',
  },
});
