import type { SimpleTexts } from '../types';

// Il processo di vendita semplice, in italiano.

export const simple: SimpleTexts = {
  pipeline: 'Vendite',
  stages: {
    'meeting-booked': {
      name: 'Incontro fissato',
      guidance: [
        'L’acquirente ha accettato di incontrarti. Preparati perché l’incontro parli dei **suoi** obiettivi:',
        '- Cosa vuole cambiare, e perché ora?',
        '- Chi altro dovrebbe partecipare?',
        '- Quale sarebbe un buon passo successivo?',
      ],
      tasks: {
        'prepare-meeting': 'Prepara l’incontro',
        'hold-meeting': 'Svolgi l’incontro',
      },
      scripts: {
        'confirm-meeting': {
          title: 'Conferma dell’incontro',
          subject: 'Il nostro incontro su {{deal.title}}',
          body: [
            'Buongiorno {{contact.firstName}},',
            '',
            'aspetto con piacere il nostro incontro. Vorrei capire cosa volete ottenere e come lavorate oggi, così da mostrarti solo ciò che vi serve davvero.',
            '',
            'Cordiali saluti,',
            '{{me.name}}',
          ],
        },
      },
    },
    'follow-up-meeting': {
      name: 'Incontro di approfondimento',
      guidance: [
        'Mostra come risolvete ciò che l’acquirente ti ha raccontato nel primo incontro, non tutto quello che sapete fare.',
        '',
        'Prima di salutarvi, **concordate cosa deve contenere il preventivo** (perimetro, volumi, data di avvio) e quando deciderà.',
      ],
      tasks: {
        'hold-follow-up': 'Svolgi l’incontro di approfondimento',
        'agree-quote-scope': 'Concorda cosa deve coprire il preventivo',
      },
      scripts: {
        'follow-up-call': {
          title: 'Chiamata dopo l’incontro',
          body: [
            'Ciao {{contact.firstName}}, sono {{me.name}}, ti chiamo per riprendere il nostro incontro.',
            '- Le altre persone coinvolte hanno visto quello di cui abbiamo parlato?',
            '- Cosa deve coprire il preventivo?',
            '- Quando volete decidere?',
          ],
        },
      },
    },
    'quote-sent': {
      name: 'Preventivo inviato',
      guidance: [
        'Invia il preventivo, poi **chiama entro due giorni** per esaminarlo insieme.',
        '- Verifica ogni voce rispetto a ciò che l’acquirente ha chiesto.',
        '- Chiedi cosa potrebbe impedirgli di dire di sì.',
      ],
      tasks: {
        'send-quote': 'Invia il preventivo',
        'walk-through-quote': 'Chiama per esaminare il preventivo',
      },
      scripts: {
        quote: {
          title: 'E-mail con il preventivo',
          subject: 'Preventivo: {{deal.title}}',
          body: [
            'Buongiorno {{contact.firstName}},',
            '',
            'in allegato trovi il preventivo per {{deal.title}}, con quanto concordato. Lo vediamo insieme in una breve chiamata?',
            '',
            'Cordiali saluti,',
            '{{me.name}}',
          ],
        },
        'quote-walk-through': {
          title: 'Esame del preventivo',
          body: [
            'Obiettivo: rispondere a ogni domanda sul preventivo e concordare la data di decisione.',
            '- Cosa ne pensi del perimetro e del prezzo?',
            '- Manca qualcosa?',
            '- Cosa ti renderebbe facile dire di sì?',
          ],
        },
      },
    },
    negotiation: {
      name: 'Trattativa',
      guidance: [
        '**Scambia, non regalare**: ogni concessione ottiene qualcosa in cambio (durata, volumi, data).',
        '',
        'Conferma chi firma e quando, e tieni aggiornata la data di chiusura.',
      ],
      tasks: {
        'confirm-signer': 'Conferma chi firma e quando',
        'send-contract': 'Invia il contratto o il modulo d’ordine',
      },
      scripts: {
        negotiation: {
          title: 'Chiamata di trattativa',
          body: [
            'Prima di concedere qualcosa: chiedi qual è davvero la preoccupazione, e quanto vale per loro.',
            '- «Se risolviamo questo punto, siete pronti a firmare?»',
            '- Scambia, non regalare mai: una concessione in cambio di un impegno (data, perimetro, referenza).',
          ],
        },
      },
    },
    won: {
      name: 'Vinta',
      guidance: ['Ringrazia l’acquirente e passa a chi subentra tutto quello che hai imparato.'],
    },
    lost: {
      name: 'Persa',
      guidance: ['Annota il vero motivo, e concorda quando risentirvi.'],
    },
  },
};
