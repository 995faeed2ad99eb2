import type { BuyerCentricTexts } from '../types';

// Den kjøpersentrerte B2B-malen på norsk (bokmål).

export const buyerCentric: BuyerCentricTexts = {
  pipeline: 'Nysalg',
  stages: {
    'discovery-booked': {
      name: 'Behovsmøte avtalt',
      guidance: [
        'Kjøperen har takket ja til en første samtale. **Bruk den til å lære, ikke til å selge**: finn ut om det finnes et problem som er verdt å løse sammen.',
        '',
        'Før samtalen:',
        '- Sett deg inn i selskapet og personen: rolle, siste nytt, sannsynlige prioriteringer.',
        '- Forbered **tre åpne spørsmål** om situasjonen deres og hva de ønsker å endre.',
        '- Send en kort agenda dagen før, så de kommer med egne mål.',
        '',
        'I samtalen: lytt mer enn du snakker ([aktiv lytting](https://en.wikipedia.org/wiki/Active_listening)) og **bli enige om neste steg før dere legger på**.',
      ],
      tasks: {
        'research-account': 'Sett deg inn i selskapet og kontaktpersonen',
        'send-agenda': 'Send agendaen for møtet',
        'hold-discovery': 'Gjennomfør behovsmøtet',
      },
      scripts: {
        agenda: {
          title: 'Agenda for møtet',
          subject: 'Samtalen vår om {{deal.title}}: agenda',
          body: [
            'Hei {{contact.firstName}},',
            '',
            'Takk for at du setter av tid til samtalen. For at vi skal få mest mulig ut av den, foreslår jeg at vi går gjennom:',
            '1. Hva dere ønsker å endre, og hvorfor nå',
            '2. Hvordan dere løser det i dag',
            '3. Om det gir mening å se på det sammen, og hva neste steg i så fall blir',
            '',
            'Noe du vil legge til? Bare svar på denne e-posten.',
            '',
            'Vennlig hilsen',
            '{{me.name}}',
          ],
        },
        'discovery-opening': {
          title: 'Åpning av behovsmøtet',
          body: [
            'Takk for at du tar deg tid, {{contact.firstName}}. Jeg vil gjerne forstå situasjonen deres før jeg sier noe om oss.',
            '- Hva gjorde at du takket ja til denne samtalen nå?',
            '- Hvordan håndterer dere dette i dag, og hva koster det dere?',
            '- Hvis vi løste det, hva ville vært annerledes om seks måneder?',
            'Før vi legger på: bli enige om neste steg og når det skal skje.',
          ],
        },
      },
    },
    qualified: {
      name: 'Kvalifisert',
      guidance: [
        'Kjøperen har bekreftet et problem som er verdt å løse, og hvordan de skal ta beslutningen. Kvalifiser hardt nå: en avtale som ikke hører hjemme i pipelinen, koster mer senere enn den gjør i dag.',
        '',
        '- Skriv ned problemet **med kjøperens egne ord** og hva det koster dem i dag.',
        '- Finn ut hvem andre som er involvert, og **hvem som signerer**.',
        '- Gå gjennom BANT-sjekklisten: det du ikke vet, er et spørsmål til neste samtale, ikke en gjetning.',
        '- Avtal dato for demoen og hvem som deltar, før dere legger på.',
        '',
        'Ikke budsjett, ikke beslutningsmyndighet og ingen tidsplan? Si det rett ut, og lukk avtalen som tapt eller hold kontakten til senere.',
      ],
      tasks: {
        'confirm-pain': 'Bekreft problemet og hva det koster',
        'map-stakeholders': 'Kartlegg hvem som er involvert og hvem som signerer',
        'book-demo': 'Book demoen med beslutningstakerne',
      },
      scripts: {
        qualification: {
          title: 'Kvalifiseringssamtale',
          body: [
            'Mål: bekrefte problemet, hvem som bestemmer og innen når.',
            '- Med dine egne ord: hva er problemet, og hva koster det dere hver måned?',
            '- Hvem andre er involvert, og hvem signerer?',
            '- Finnes det et budsjett for dette, og hvordan blir det godkjent?',
            '- Hva skjer på datoen du nevnte hvis ingenting endrer seg?',
            'Avslutning: «Skal vi booke en demo tilpasset deres situasjon, med alle som er med på beslutningen?»',
          ],
        },
        'demo-invite': {
          title: 'Invitasjon til demo',
          subject: 'En demo av {{deal.title}}, tilpasset dere',
          body: [
            'Hei {{contact.firstName}},',
            '',
            'Som avtalt vil jeg gjerne vise hvordan dette vil fungere for dere hos oss, med deres egne eksempler. Kan du foreslå to tidspunkter som passer for deg og de andre som er med på beslutningen?',
            '',
            'Vennlig hilsen',
            '{{me.name}}',
          ],
        },
      },
    },
    'demo-completed': {
      name: 'Demo gjennomført',
      guidance: [
        'Kjøperen har sett hvordan problemet deres blir løst. **Vis deres situasjon, ikke hver eneste funksjon.**',
        '',
        '1. Start med problemet de beskrev og resultatet de ønsker.',
        '2. Vis bare de to eller tre arbeidsflytene som betyr noe for dem.',
        '3. Avslutt med å bli enige om **beslutningsprosessen**: steg, personer, datoer.',
        '',
        'Send et sammendrag innen et døgn: hva de så, hva de sa og hva som skjer videre.',
      ],
      tasks: {
        'run-demo': 'Gjennomfør den tilpassede demoen',
        'map-decision-process': 'Kartlegg beslutningsprosessen',
        'send-recap': 'Send et sammendrag med avtalte neste steg',
      },
      scripts: {
        'demo-recap': {
          title: 'Sammendrag etter demoen',
          subject: 'Sammendrag av demoen og neste steg',
          body: [
            'Hei {{contact.firstName}},',
            '',
            'Takk for demoen i dag. Dette tok jeg med meg:',
            '- Målet deres: …',
            '- Det viktigste for dere når dere bestemmer dere: …',
            '',
            'Avtalt neste steg: {{stage.next}}, innen …',
            '',
            'Har jeg misforstått noe? Bare svar på e-posten.',
            '',
            'Vennlig hilsen',
            '{{me.name}}',
          ],
        },
      },
    },
    'proposal-sent': {
      name: 'Tilbud sendt',
      guidance: [
        'Kjøperen har fått tilbudet ditt. **Gjør det lett å si ja.**',
        '',
        '- Knytt hver linje i tilbudet til et resultat kjøperen har bedt om.',
        '- Gå gjennom det direkte med beslutningstakeren i stedet for bare å sende det på e-post.',
        '- Bli enige om en **beslutningsdato**, legg den inn som forventet lukkedato, og følg opp den dagen.',
        '',
        'Stillhet etter et tilbud er et signal: ring, ikke bare send enda en e-post.',
      ],
      criteria: {
        'proposal-reviewed': 'Kjøperen har gått gjennom tilbudet med oss',
      },
      tasks: {
        'send-proposal': 'Send tilbudet',
        'review-proposal': 'Gå gjennom tilbudet med beslutningstakeren',
        'follow-up': 'Følg opp på beslutningsdatoen',
      },
      scripts: {
        proposal: {
          title: 'Tilbud på e-post',
          subject: 'Tilbud: {{deal.title}}',
          body: [
            'Hei {{contact.firstName}},',
            '',
            'Vedlagt er tilbudet vårt for {{deal.title}}, bygget på det vi ble enige om: målet, omfanget og tidsplanen.',
            'Jeg foreslår at vi går gjennom det sammen, så spørsmålene dine er besvart før dere bestemmer dere. Passer det …?',
            '',
            'Vennlig hilsen',
            '{{me.name}}',
          ],
        },
        'proposal-follow-up': {
          title: 'Oppfølging på beslutningsdatoen',
          body: [
            'Hei {{contact.firstName}}, det er {{me.name}}. Dere planla å bestemme dere om {{deal.title}} omtrent nå.',
            '- Hvor står dere i beslutningen?',
            '- Er noe i tilbudet uklart, eller mangler det noe?',
            '- Hvem andre må si ja, og når møtes de?',
          ],
        },
      },
    },
    'contract-sent': {
      name: 'Kontrakt sendt',
      guidance: [
        'Kjøperen har bedt om kontrakten. **Fjern alt som står i veien for signaturen.**',
        '',
        '- Bekreft hvem som signerer, og om juridisk avdeling eller innkjøp må gå gjennom den.',
        '- Gi bare innrømmelser mot noe tilbake (bindingstid, volum, dato).',
        '- Planlegg oppstarten allerede nå, så kjøperen ser livet etter signaturen.',
        '',
        'Hold lukkedatoen ærlig: hvis signaturen drar ut, flytt datoen og noter hvorfor.',
      ],
      tasks: {
        'send-contract': 'Send kontrakten',
        'confirm-signer': 'Bekreft hvem som signerer og hvordan gjennomgangen foregår',
        'plan-kickoff': 'Planlegg oppstarten med kjøperen',
      },
      scripts: {
        contract: {
          title: 'Kontrakt på e-post',
          subject: 'Kontrakt for {{deal.title}}',
          body: [
            'Hei {{contact.firstName}},',
            '',
            'Her er kontrakten for {{deal.title}}, som avtalt. Hvem signerer hos dere, og er det en gjennomgang vi bør planlegge for?',
            '',
            'Vennlig hilsen',
            '{{me.name}}',
          ],
        },
      },
    },
    won: {
      name: 'Vunnet',
      guidance: ['Takk kjøperen, overlat kunden til oppstartsteamet med alt du har lært, og be om en anbefaling når de ser verdien.'],
    },
    lost: {
      name: 'Tapt',
      guidance: ['Noter den egentlige grunnen kjøperen oppga, og avtal når dere skal ta kontakt igjen.'],
    },
  },
};
