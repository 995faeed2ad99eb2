import type { SimpleTexts } from '../types';

// Den enkle salgsprosessen på norsk (bokmål).

export const simple: SimpleTexts = {
  pipeline: 'Salg',
  stages: {
    'meeting-booked': {
      name: 'Møte avtalt',
      guidance: [
        'Kjøperen har takket ja til et møte. Forbered deg slik at møtet handler om **deres** mål:',
        '- Hva ønsker de å endre, og hvorfor nå?',
        '- Hvem andre bør være med?',
        '- Hva vil være et godt neste steg?',
      ],
      tasks: {
        'prepare-meeting': 'Forbered møtet',
        'hold-meeting': 'Gjennomfør møtet',
      },
      scripts: {
        'confirm-meeting': {
          title: 'Møtebekreftelse',
          subject: 'Møtet vårt om {{deal.title}}',
          body: [
            'Hei {{contact.firstName}},',
            '',
            'Jeg ser fram til møtet vårt. Jeg vil gjerne høre hva dere ønsker å oppnå og hvordan dere jobber i dag, så jeg bare viser det som er relevant.',
            '',
            'Vennlig hilsen',
            '{{me.name}}',
          ],
        },
      },
    },
    'follow-up-meeting': {
      name: 'Oppfølgingsmøte',
      guidance: [
        'Vis hvordan dere løser det kjøperen fortalte i første møte, ikke alt dere kan gjøre.',
        '',
        'Før dere går: **bli enige om hva tilbudet skal inneholde** (omfang, volum, oppstartsdato) og når de tar beslutningen.',
      ],
      tasks: {
        'hold-follow-up': 'Gjennomfør oppfølgingsmøtet',
        'agree-quote-scope': 'Bli enige om hva tilbudet skal dekke',
      },
      scripts: {
        'follow-up-call': {
          title: 'Oppfølgingssamtale',
          body: [
            'Hei {{contact.firstName}}, det er {{me.name}}. Jeg ringer for å følge opp møtet vårt.',
            '- Har de andre som er involvert, sett det vi gikk gjennom?',
            '- Hva skal tilbudet dekke?',
            '- Når vil dere ta en beslutning?',
          ],
        },
      },
    },
    'quote-sent': {
      name: 'Pristilbud sendt',
      guidance: [
        'Send pristilbudet, og **ring innen to dager** for å gå gjennom det.',
        '- Sjekk hver linje mot det kjøperen ba om.',
        '- Spør hva som kan hindre dem i å si ja.',
      ],
      tasks: {
        'send-quote': 'Send pristilbudet',
        'walk-through-quote': 'Ring og gå gjennom pristilbudet',
      },
      scripts: {
        quote: {
          title: 'Pristilbud på e-post',
          subject: 'Pristilbud: {{deal.title}}',
          body: [
            'Hei {{contact.firstName}},',
            '',
            'Vedlagt er pristilbudet for {{deal.title}}, med det vi ble enige om. Skal vi gå gjennom det i en kort samtale?',
            '',
            'Vennlig hilsen',
            '{{me.name}}',
          ],
        },
        'quote-walk-through': {
          title: 'Gjennomgang av pristilbudet',
          body: [
            'Mål: svare på alle spørsmål om pristilbudet og bli enige om en beslutningsdato.',
            '- Hva tenker du om omfanget og prisen?',
            '- Mangler det noe?',
            '- Hva skal til for at det blir et enkelt ja?',
          ],
        },
      },
    },
    negotiation: {
      name: 'Forhandling',
      guidance: [
        '**Bytt, ikke gi bort**: hver innrømmelse skal gi noe tilbake (bindingstid, volum, dato).',
        '',
        'Bekreft hvem som signerer og når, og hold lukkedatoen oppdatert.',
      ],
      tasks: {
        'confirm-signer': 'Bekreft hvem som signerer og når',
        'send-contract': 'Send kontrakten eller ordreskjemaet',
      },
      scripts: {
        negotiation: {
          title: 'Forhandlingssamtale',
          body: [
            'Før du gir noe: spør hva bekymringen egentlig er, og hva den er verdt for dem.',
            '- «Hvis vi løser dette punktet, er dere klare til å signere da?»',
            '- Bytt, aldri gi bort: en innrømmelse mot en forpliktelse (dato, omfang, referanse).',
          ],
        },
      },
    },
    won: {
      name: 'Vunnet',
      guidance: ['Takk kjøperen, og del alt du har lært med dem som tar over.'],
    },
    lost: {
      name: 'Tapt',
      guidance: ['Noter den egentlige grunnen, og avtal når dere skal ta kontakt igjen.'],
    },
  },
};
