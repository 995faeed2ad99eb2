import type { SimpleTexts } from '../types';

// Het eenvoudige salesproces in het Nederlands.

export const simple: SimpleTexts = {
  pipeline: 'Verkoop',
  stages: {
    'meeting-booked': {
      name: 'Afspraak gepland',
      guidance: [
        'De koper wil graag afspreken. Bereid je zo voor dat het gesprek over **hun** doelen gaat:',
        '- Wat willen ze veranderen, en waarom nu?',
        '- Wie moet er nog meer bij zijn?',
        '- Wat zou een goede volgende stap zijn?',
      ],
      tasks: {
        'prepare-meeting': 'Bereid de afspraak voor',
        'hold-meeting': 'Voer het gesprek',
      },
      scripts: {
        'confirm-meeting': {
          title: 'Bevestiging van de afspraak',
          subject: 'Onze afspraak over {{deal.title}}',
          body: [
            'Beste {{contact.firstName}},',
            '',
            'Ik kijk uit naar onze afspraak. Ik hoor graag wat jullie willen bereiken en hoe jullie nu werken, zodat ik alleen laat zien wat voor jullie relevant is.',
            '',
            'Met vriendelijke groet,',
            '{{me.name}}',
          ],
        },
      },
    },
    'follow-up-meeting': {
      name: 'Vervolgafspraak',
      guidance: [
        'Laat zien hoe jullie oplossen wat de koper in het eerste gesprek vertelde, niet alles wat jullie kunnen.',
        '',
        'Voordat je weggaat: **spreek af wat er in de offerte moet staan** (omvang, volume, startdatum) en wanneer ze beslissen.',
      ],
      tasks: {
        'hold-follow-up': 'Voer de vervolgafspraak',
        'agree-quote-scope': 'Spreek af wat de offerte moet omvatten',
      },
      scripts: {
        'follow-up-call': {
          title: 'Vervolggesprek',
          body: [
            'Hoi {{contact.firstName}}, je spreekt met {{me.name}}. Ik bel even naar aanleiding van onze afspraak.',
            '- Hebben de andere betrokkenen gezien wat we bespraken?',
            '- Wat moet de offerte omvatten?',
            '- Wanneer willen jullie beslissen?',
          ],
        },
      },
    },
    'quote-sent': {
      name: 'Offerte verstuurd',
      guidance: [
        'Verstuur de offerte en **bel binnen twee dagen** om hem door te lopen.',
        '- Leg elke regel naast wat de koper vroeg.',
        '- Vraag wat hen ervan zou kunnen weerhouden om ja te zeggen.',
      ],
      tasks: {
        'send-quote': 'Verstuur de offerte',
        'walk-through-quote': 'Bel om de offerte door te lopen',
      },
      scripts: {
        quote: {
          title: 'E-mail met de offerte',
          subject: 'Offerte: {{deal.title}}',
          body: [
            'Beste {{contact.firstName}},',
            '',
            'In de bijlage vind je de offerte voor {{deal.title}}, met wat we hebben afgesproken. Zullen we hem kort telefonisch doornemen?',
            '',
            'Met vriendelijke groet,',
            '{{me.name}}',
          ],
        },
        'quote-walk-through': {
          title: 'De offerte doornemen',
          body: [
            'Doel: elke vraag over de offerte beantwoorden en een beslisdatum afspreken.',
            '- Wat vind je van de omvang en de prijs?',
            '- Mist er iets?',
            '- Wat zou het een makkelijk ja maken?',
          ],
        },
      },
    },
    negotiation: {
      name: 'Onderhandeling',
      guidance: [
        '**Ruil, geef niets weg**: elke concessie levert iets op (looptijd, volume, datum).',
        '',
        'Bevestig wie er tekent en wanneer, en houd de sluitingsdatum actueel.',
      ],
      tasks: {
        'confirm-signer': 'Bevestig wie er tekent en wanneer',
        'send-contract': 'Verstuur het contract of de opdrachtbevestiging',
      },
      scripts: {
        negotiation: {
          title: 'Onderhandelingsgesprek',
          body: [
            'Voordat je iets toegeeft: vraag wat het bezwaar echt is, en wat het hen waard is.',
            '- ‘Als we dit punt oplossen, zijn jullie dan klaar om te tekenen?’',
            '- Ruil, geef nooit weg: een concessie tegen een toezegging (datum, omvang, referentie).',
          ],
        },
      },
    },
    won: {
      name: 'Gewonnen',
      guidance: ['Bedank de koper en draag alles over wat je hebt geleerd.'],
    },
    lost: {
      name: 'Verloren',
      guidance: ['Noteer de echte reden, en spreek af wanneer je weer contact opneemt.'],
    },
  },
};
