import type { SimpleTexts } from '../types';

// Den enkla säljprocessen på svenska.

export const simple: SimpleTexts = {
  pipeline: 'Försäljning',
  stages: {
    'meeting-booked': {
      name: 'Möte bokat',
      guidance: [
        'Köparen har tackat ja till ett möte. Förbered dig så att mötet handlar om **deras** mål:',
        '- Vad vill de förändra, och varför just nu?',
        '- Vilka fler borde vara med?',
        '- Vad vore ett bra nästa steg?',
      ],
      tasks: {
        'prepare-meeting': 'Förbered mötet',
        'hold-meeting': 'Håll mötet',
      },
      scripts: {
        'confirm-meeting': {
          title: 'Mötesbekräftelse',
          subject: 'Vårt möte om {{deal.title}}',
          body: [
            'Hej {{contact.firstName}},',
            '',
            'Ser fram emot vårt möte. Jag vill gärna höra vad ni vill uppnå och hur ni arbetar i dag, så att jag bara visar det som är relevant för er.',
            '',
            'Vänliga hälsningar',
            '{{me.name}}',
          ],
        },
      },
    },
    'follow-up-meeting': {
      name: 'Uppföljningsmöte',
      guidance: [
        'Visa hur ni löser det som köparen berättade på första mötet, inte allt ni kan göra.',
        '',
        'Innan ni skiljs åt: **kom överens om vad offerten ska innehålla** (omfattning, volym, startdatum) och när de fattar beslut.',
      ],
      tasks: {
        'hold-follow-up': 'Håll uppföljningsmötet',
        'agree-quote-scope': 'Kom överens om vad offerten ska omfatta',
      },
      scripts: {
        'follow-up-call': {
          title: 'Uppföljningssamtal',
          body: [
            'Hej {{contact.firstName}}, det är {{me.name}}. Jag ringer för att följa upp vårt möte.',
            '- Har de andra inblandade sett det vi gick igenom?',
            '- Vad ska offerten omfatta?',
            '- När vill ni fatta beslut?',
          ],
        },
      },
    },
    'quote-sent': {
      name: 'Offert skickad',
      guidance: [
        'Skicka offerten och **ring inom två dagar** för att gå igenom den.',
        '- Stäm av varje rad mot det köparen bad om.',
        '- Fråga vad som skulle kunna hindra dem från att säga ja.',
      ],
      tasks: {
        'send-quote': 'Skicka offerten',
        'walk-through-quote': 'Ring och gå igenom offerten',
      },
      scripts: {
        quote: {
          title: 'Offertmejl',
          subject: 'Offert: {{deal.title}}',
          body: [
            'Hej {{contact.firstName}},',
            '',
            'Bifogat finns offerten för {{deal.title}}, med det vi kom överens om. Ska vi gå igenom den i ett kort samtal?',
            '',
            'Vänliga hälsningar',
            '{{me.name}}',
          ],
        },
        'quote-walk-through': {
          title: 'Genomgång av offerten',
          body: [
            'Mål: besvara alla frågor om offerten och komma överens om ett beslutsdatum.',
            '- Vad tycker du om omfattningen och priset?',
            '- Saknas det något?',
            '- Vad skulle göra det till ett enkelt ja?',
          ],
        },
      },
    },
    negotiation: {
      name: 'Förhandling',
      guidance: [
        '**Byt, ge inte bort**: varje eftergift ska ge något tillbaka (avtalstid, volym, datum).',
        '',
        'Bekräfta vem som skriver under och när, och håll stängningsdatumet aktuellt.',
      ],
      tasks: {
        'confirm-signer': 'Bekräfta vem som skriver under och när',
        'send-contract': 'Skicka avtalet eller orderformuläret',
      },
      scripts: {
        negotiation: {
          title: 'Förhandlingssamtal',
          body: [
            'Innan du ger något: fråga vad som egentligen oroar dem, och vad det är värt för dem.',
            '- ”Om vi löser den här punkten, är ni redo att skriva under då?”',
            '- Byt, ge aldrig bort: en eftergift mot ett åtagande (datum, omfattning, referens).',
          ],
        },
      },
    },
    won: {
      name: 'Vunnen',
      guidance: ['Tacka köparen och lämna över allt du har lärt dig.'],
    },
    lost: {
      name: 'Förlorad',
      guidance: ['Skriv ner det verkliga skälet, och kom överens om när ni hörs igen.'],
    },
  },
};
