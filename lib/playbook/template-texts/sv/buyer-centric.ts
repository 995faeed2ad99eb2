import type { BuyerCentricTexts } from '../types';

// Den köparcentrerade B2B-mallen på svenska.

export const buyerCentric: BuyerCentricTexts = {
  pipeline: 'Nyförsäljning',
  stages: {
    'discovery-booked': {
      name: 'Behovsmöte bokat',
      guidance: [
        'Köparen har tackat ja till ett första samtal. **Använd det för att lära, inte för att sälja in**: ta reda på om det finns ett problem som är värt att lösa tillsammans.',
        '',
        'Inför samtalet:',
        '- Läs på om företaget och personen: roll, aktuella nyheter, troliga prioriteringar.',
        '- Förbered **tre öppna frågor** om deras situation och vad de vill förändra.',
        '- Skicka en kort agenda dagen innan, så att de kommer med egna mål.',
        '',
        'Under samtalet: lyssna mer än du pratar ([aktivt lyssnande](https://en.wikipedia.org/wiki/Active_listening)) och **kom överens om nästa steg innan ni lägger på**.',
      ],
      tasks: {
        'research-account': 'Läs på om företaget och kontaktpersonen',
        'send-agenda': 'Skicka agendan för mötet',
        'hold-discovery': 'Håll behovsmötet',
      },
      scripts: {
        agenda: {
          title: 'Agenda inför mötet',
          subject: 'Vårt samtal om {{deal.title}}: agenda',
          body: [
            'Hej {{contact.firstName}},',
            '',
            'Tack för att du tar dig tid för vårt samtal. För att vi ska få ut så mycket som möjligt av det föreslår jag att vi går igenom:',
            '1. Vad ni vill förändra, och varför just nu',
            '2. Hur ni hanterar det i dag',
            '3. Om det är värt att titta på det tillsammans, och vad nästa steg i så fall blir',
            '',
            'Vill du lägga till något? Svara bara på det här mejlet.',
            '',
            'Vänliga hälsningar',
            '{{me.name}}',
          ],
        },
        'discovery-opening': {
          title: 'Inledning av behovsmötet',
          body: [
            'Tack för att du tar dig tid, {{contact.firstName}}. Jag vill gärna förstå er situation innan jag säger något om oss.',
            '- Vad fick dig att tacka ja till det här samtalet just nu?',
            '- Hur hanterar ni det här i dag, och vad kostar det er?',
            '- Om vi löste det, vad skulle vara annorlunda om sex månader?',
            'Innan vi lägger på: kom överens om nästa steg och när det ska ske.',
          ],
        },
      },
    },
    qualified: {
      name: 'Kvalificerad',
      guidance: [
        'Köparen har bekräftat ett problem som är värt att lösa och hur de kommer att fatta beslut. Kvalificera hårt nu: en affär som inte borde ligga i pipen kostar mer längre fram än den gör i dag.',
        '',
        '- Skriv ner problemet **med köparens egna ord** och vad det kostar dem i dag.',
        '- Ta reda på vilka fler som är inblandade och **vem som skriver under**.',
        '- Gå igenom BANT-checklistan: det du inte vet är en fråga till nästa samtal, inte en gissning.',
        '- Bestäm datum för demon och vilka som deltar innan ni lägger på.',
        '',
        'Ingen budget, inget beslutsmandat och ingen tidsplan? Säg det rakt ut, och stäng affären som förlorad eller håll kontakten till senare.',
      ],
      tasks: {
        'confirm-pain': 'Bekräfta problemet och vad det kostar',
        'map-stakeholders': 'Kartlägg vilka som är inblandade och vem som skriver under',
        'book-demo': 'Boka demon med beslutsfattarna',
      },
      scripts: {
        qualification: {
          title: 'Kvalificeringssamtal',
          body: [
            'Mål: bekräfta problemet, vem som beslutar och när.',
            '- Med dina egna ord: vad är problemet, och vad kostar det er varje månad?',
            '- Vilka fler är inblandade, och vem skriver under?',
            '- Finns det en budget för det här, och hur godkänns den?',
            '- Vad händer på datumet du nämnde om ingenting förändras?',
            'Avslut: ”Ska vi boka en demo utifrån er situation med alla som är med och beslutar?”',
          ],
        },
        'demo-invite': {
          title: 'Inbjudan till demo',
          subject: 'En demo av {{deal.title}}, anpassad efter er',
          body: [
            'Hej {{contact.firstName}},',
            '',
            'Som vi kom överens om vill jag gärna visa hur det skulle fungera för er hos oss, med era egna exempel. Kan du föreslå två tider som passar dig och de andra som är med och beslutar?',
            '',
            'Vänliga hälsningar',
            '{{me.name}}',
          ],
        },
      },
    },
    'demo-completed': {
      name: 'Demo genomförd',
      guidance: [
        'Köparen har sett hur deras problem blir löst. **Visa deras fall, inte varje funktion.**',
        '',
        '1. Börja med problemet de beskrev och resultatet de vill nå.',
        '2. Visa bara de två eller tre arbetsflöden som betyder något för dem.',
        '3. Avsluta med att komma överens om **beslutsprocessen**: steg, personer, datum.',
        '',
        'Skicka en sammanfattning inom ett dygn: vad de såg, vad de sa och vad som händer härnäst.',
      ],
      tasks: {
        'run-demo': 'Genomför den anpassade demon',
        'map-decision-process': 'Kartlägg beslutsprocessen',
        'send-recap': 'Skicka en sammanfattning med överenskomna nästa steg',
      },
      scripts: {
        'demo-recap': {
          title: 'Sammanfattning efter demon',
          subject: 'Sammanfattning av vår demo och nästa steg',
          body: [
            'Hej {{contact.firstName}},',
            '',
            'Tack för demon i dag. Det här tog jag med mig:',
            '- Ert mål: …',
            '- Det viktigaste för er när ni beslutar: …',
            '',
            'Överenskommet nästa steg: {{stage.next}}, senast …',
            '',
            'Har jag missuppfattat något? Svara bara på mejlet.',
            '',
            'Vänliga hälsningar',
            '{{me.name}}',
          ],
        },
      },
    },
    'proposal-sent': {
      name: 'Offert skickad',
      guidance: [
        'Köparen har fått er offert. **Gör det lätt att säga ja.**',
        '',
        '- Koppla varje rad i offerten till ett resultat som köparen har bett om.',
        '- Gå igenom den live med beslutsfattaren i stället för att bara mejla den.',
        '- Kom överens om ett **beslutsdatum**, lägg in det som stängningsdatum och följ upp den dagen.',
        '',
        'Tystnad efter en offert är en signal: ring, skicka inte bara ett mejl till.',
      ],
      criteria: {
        'proposal-reviewed': 'Köparen har gått igenom offerten med oss',
      },
      tasks: {
        'send-proposal': 'Skicka offerten',
        'review-proposal': 'Gå igenom offerten med beslutsfattaren',
        'follow-up': 'Följ upp på beslutsdatumet',
      },
      scripts: {
        proposal: {
          title: 'Offertmejl',
          subject: 'Offert: {{deal.title}}',
          body: [
            'Hej {{contact.firstName}},',
            '',
            'Bifogat skickar jag vår offert för {{deal.title}}, byggd på det vi kom överens om: målet, omfattningen och tidsplanen.',
            'Jag föreslår att vi går igenom den tillsammans, så att dina frågor är besvarade innan ni bestämmer er. Passar det på …?',
            '',
            'Vänliga hälsningar',
            '{{me.name}}',
          ],
        },
        'proposal-follow-up': {
          title: 'Uppföljning på beslutsdatumet',
          body: [
            'Hej {{contact.firstName}}, det är {{me.name}}. Ni planerade att besluta om {{deal.title}} ungefär nu.',
            '- Var står ni i beslutet?',
            '- Är något i offerten otydligt, eller saknas det något?',
            '- Vilka fler behöver säga ja, och när träffas de?',
          ],
        },
      },
    },
    'contract-sent': {
      name: 'Avtal skickat',
      guidance: [
        'Köparen har bett om avtalet. **Röj undan allt som står i vägen för en underskrift.**',
        '',
        '- Bekräfta vem som skriver under och om juristerna eller inköp måste granska avtalet.',
        '- Ge bara eftergifter mot något tillbaka (avtalstid, volym, datum).',
        '- Planera uppstarten redan nu, så att köparen ser livet efter underskriften.',
        '',
        'Håll stängningsdatumet ärligt: om underskriften drar ut på tiden, flytta datumet och notera varför.',
      ],
      tasks: {
        'send-contract': 'Skicka avtalet',
        'confirm-signer': 'Bekräfta vem som skriver under och hur granskningen går till',
        'plan-kickoff': 'Planera uppstarten med köparen',
      },
      scripts: {
        contract: {
          title: 'Avtalsmejl',
          subject: 'Avtal för {{deal.title}}',
          body: [
            'Hej {{contact.firstName}},',
            '',
            'Här kommer avtalet för {{deal.title}}, som vi kom överens om. Vem skriver under hos er, och finns det en granskning som vi behöver planera in?',
            '',
            'Vänliga hälsningar',
            '{{me.name}}',
          ],
        },
      },
    },
    won: {
      name: 'Vunnen',
      guidance: ['Tacka köparen, lämna över till uppstartsteamet med allt du har lärt dig, och be om en rekommendation när de väl ser värdet.'],
    },
    lost: {
      name: 'Förlorad',
      guidance: ['Skriv ner det verkliga skälet som köparen angav, och kom överens om när ni hörs igen.'],
    },
  },
};
