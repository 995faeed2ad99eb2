import type { BuyerCentricTexts } from '../types';

// Il modello B2B centrato sull’acquirente, in italiano.

export const buyerCentric: BuyerCentricTexts = {
  pipeline: 'Nuovi clienti',
  stages: {
    'discovery-booked': {
      name: 'Colloquio conoscitivo fissato',
      guidance: [
        'L’acquirente ha accettato un primo colloquio. **Usalo per capire, non per vendere**: scopri se c’è un problema che vale la pena risolvere insieme.',
        '',
        'Prima del colloquio:',
        '- Informati sull’azienda e sulla persona: ruolo, notizie recenti, priorità probabili.',
        '- Prepara **tre domande aperte** sulla sua situazione e su cosa vuole cambiare.',
        '- Invia una breve agenda il giorno prima, così arriva con i propri obiettivi.',
        '',
        'Durante il colloquio ascolta più di quanto parli ([ascolto attivo](https://en.wikipedia.org/wiki/Active_listening)) e **concorda il passo successivo prima di salutarvi**.',
      ],
      tasks: {
        'research-account': 'Informati sull’azienda e sul referente',
        'send-agenda': 'Invia l’agenda dell’incontro',
        'hold-discovery': 'Svolgi il colloquio conoscitivo',
      },
      scripts: {
        agenda: {
          title: 'Agenda dell’incontro',
          subject: 'Il nostro colloquio su {{deal.title}}: agenda',
          body: [
            'Buongiorno {{contact.firstName}},',
            '',
            'grazie per il tempo che mi dedichi. Per sfruttarlo al meglio, ti propongo di parlare di:',
            '1. Cosa volete cambiare, e perché proprio ora',
            '2. Come lo gestite oggi',
            '3. Se ha senso approfondirlo insieme, e quale sarebbe il passo successivo',
            '',
            'Vuoi aggiungere qualcosa? Rispondi pure a questa e-mail.',
            '',
            'Cordiali saluti,',
            '{{me.name}}',
          ],
        },
        'discovery-opening': {
          title: 'Apertura del colloquio conoscitivo',
          body: [
            'Grazie per il tempo, {{contact.firstName}}. Prima di dirti qualcosa su di noi, vorrei capire la vostra situazione.',
            '- Cosa ti ha spinto ad accettare questo colloquio proprio ora?',
            '- Come gestite oggi questa cosa, e quanto vi costa?',
            '- Se lo risolvessimo, cosa sarebbe diverso tra sei mesi?',
            'Prima di salutarvi: concordate il passo successivo e la sua data.',
          ],
        },
      },
    },
    qualified: {
      name: 'Qualificato',
      guidance: [
        'L’acquirente ha confermato un problema che vale la pena risolvere e come prenderà la decisione. Ora qualifica con rigore: una trattativa che non dovrebbe stare in pipeline costa di più domani che oggi.',
        '',
        '- Scrivi il problema **con le parole dell’acquirente** e quanto gli costa oggi.',
        '- Scopri chi altro è coinvolto e **chi firma**.',
        '- Completa la checklist BANT: ciò che non sai è una domanda per la prossima chiamata, non un’ipotesi.',
        '- Concorda la data della demo e chi partecipa prima di chiudere la chiamata.',
        '',
        'Niente budget, nessuna autorità decisionale e nessuna tempistica? Dillo chiaramente, e chiudi la trattativa come persa o mantieni il contatto per più avanti.',
      ],
      tasks: {
        'confirm-pain': 'Conferma il problema e quanto costa',
        'map-stakeholders': 'Mappa le persone coinvolte e chi firma',
        'book-demo': 'Fissa la demo con chi decide',
      },
      scripts: {
        qualification: {
          title: 'Chiamata di qualificazione',
          body: [
            'Obiettivo: confermare il problema, chi decide ed entro quando.',
            '- Con parole tue, qual è il problema e quanto vi costa ogni mese?',
            '- Chi altro è coinvolto, e chi firma?',
            '- C’è un budget per questo, e come viene approvato?',
            '- Cosa succede alla data che hai citato se non cambia nulla?',
            'Chiusura: «Fissiamo una demo sul vostro caso con tutte le persone che decidono?»',
          ],
        },
        'demo-invite': {
          title: 'Invito alla demo',
          subject: 'Una demo di {{deal.title}} sul vostro caso',
          body: [
            'Buongiorno {{contact.firstName}},',
            '',
            'come concordato, vorrei mostrarti come funzionerebbe il vostro caso con noi, partendo dai vostri esempi. Puoi propormi due orari che vadano bene a te e alle altre persone che decidono?',
            '',
            'Cordiali saluti,',
            '{{me.name}}',
          ],
        },
      },
    },
    'demo-completed': {
      name: 'Demo svolta',
      guidance: [
        'L’acquirente ha visto come si risolve il suo problema. **Mostra il suo caso, non ogni funzionalità.**',
        '',
        '1. Apri con il problema che ha descritto e il risultato che vuole ottenere.',
        '2. Mostra solo i due o tre flussi di lavoro che contano per lui.',
        '3. Chiudi concordando il **processo decisionale**: passaggi, persone, date.',
        '',
        'Invia il riepilogo entro un giorno: cosa ha visto, cosa ha detto, cosa succede ora.',
      ],
      tasks: {
        'run-demo': 'Svolgi la demo su misura',
        'map-decision-process': 'Mappa il processo decisionale',
        'send-recap': 'Invia un riepilogo con i prossimi passi concordati',
      },
      scripts: {
        'demo-recap': {
          title: 'Riepilogo dopo la demo',
          subject: 'Riepilogo della demo e prossimi passi',
          body: [
            'Buongiorno {{contact.firstName}},',
            '',
            'grazie per la demo di oggi. Ecco cosa ho raccolto:',
            '- Il vostro obiettivo: …',
            '- Cosa conta di più per voi nella decisione: …',
            '',
            'Prossimo passo concordato: {{stage.next}}, entro …',
            '',
            'Ho frainteso qualcosa? Rispondi pure a questa e-mail.',
            '',
            'Cordiali saluti,',
            '{{me.name}}',
          ],
        },
      },
    },
    'proposal-sent': {
      name: 'Proposta inviata',
      guidance: [
        'L’acquirente ha la tua proposta. **Rendi facile dire di sì.**',
        '',
        '- Collega ogni voce della proposta a un risultato che l’acquirente ha chiesto.',
        '- Presentala dal vivo a chi decide invece di limitarti a mandarla per e-mail.',
        '- Concorda una **data di decisione**, inseriscila come data di chiusura e ricontatta il cliente in quella data.',
        '',
        'Il silenzio dopo una proposta è un segnale: telefona, non limitarti a mandare un’altra e-mail.',
      ],
      criteria: {
        'proposal-reviewed': 'L’acquirente ha esaminato la proposta con noi',
      },
      tasks: {
        'send-proposal': 'Invia la proposta',
        'review-proposal': 'Esamina la proposta con chi decide',
        'follow-up': 'Ricontatta il cliente alla data di decisione',
      },
      scripts: {
        proposal: {
          title: 'E-mail con la proposta',
          subject: 'Proposta: {{deal.title}}',
          body: [
            'Buongiorno {{contact.firstName}},',
            '',
            'in allegato trovi la nostra proposta per {{deal.title}}, costruita su quanto concordato: obiettivo, perimetro e tempistiche.',
            'Ti propongo di esaminarla insieme, così avrai risposta a tutte le domande prima di decidere. Ti andrebbe bene …?',
            '',
            'Cordiali saluti,',
            '{{me.name}}',
          ],
        },
        'proposal-follow-up': {
          title: 'Ricontatto alla data di decisione',
          body: [
            'Ciao {{contact.firstName}}, sono {{me.name}}. Avevate previsto di decidere su {{deal.title}} più o meno in questi giorni.',
            '- A che punto siete con la decisione?',
            '- C’è qualcosa nella proposta che non è chiaro o che manca?',
            '- Chi altro deve dare il via libera, e quando vi riunite?',
          ],
        },
      },
    },
    'contract-sent': {
      name: 'Contratto inviato',
      guidance: [
        'L’acquirente ha chiesto il contratto. **Togli di mezzo ogni ostacolo alla firma.**',
        '',
        '- Conferma chi firma e se l’ufficio legale o gli acquisti devono esaminarlo.',
        '- Lega ogni concessione a qualcosa in cambio (durata, volumi, data).',
        '- Pianifica subito l’avvio, così l’acquirente vede cosa succede dopo la firma.',
        '',
        'Mantieni realistica la data di chiusura: se la firma slitta, sposta la data e annota il motivo.',
      ],
      tasks: {
        'send-contract': 'Invia il contratto',
        'confirm-signer': 'Conferma chi firma e i passaggi di revisione',
        'plan-kickoff': 'Pianifica l’avvio con l’acquirente',
      },
      scripts: {
        contract: {
          title: 'E-mail con il contratto',
          subject: 'Contratto per {{deal.title}}',
          body: [
            'Buongiorno {{contact.firstName}},',
            '',
            'ecco il contratto per {{deal.title}}, come concordato. Chi firmerà da parte vostra, e c’è un passaggio di revisione che dobbiamo prevedere?',
            '',
            'Cordiali saluti,',
            '{{me.name}}',
          ],
        },
      },
    },
    won: {
      name: 'Vinta',
      guidance: ['Ringrazia l’acquirente, passa il cliente al team di avvio con tutto quello che hai imparato, e chiedi una referenza quando ne vedrà il valore.'],
    },
    lost: {
      name: 'Persa',
      guidance: ['Annota il vero motivo indicato dall’acquirente, e concorda quando risentirvi.'],
    },
  },
};
