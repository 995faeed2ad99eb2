import type { BuyerCentricTexts } from '../types';

// Het koperscentrale B2B-sjabloon in het Nederlands.

export const buyerCentric: BuyerCentricTexts = {
  pipeline: 'Nieuwe klanten',
  stages: {
    'discovery-booked': {
      name: 'Verkennend gesprek gepland',
      guidance: [
        'De koper heeft ingestemd met een eerste gesprek. **Gebruik het om te leren, niet om te verkopen**: ontdek of er een probleem is dat het waard is om samen op te lossen.',
        '',
        'Voor het gesprek:',
        '- Verdiep je in het bedrijf en de persoon: rol, recent nieuws, vermoedelijke prioriteiten.',
        '- Bereid **drie open vragen** voor over hun situatie en wat ze willen veranderen.',
        '- Stuur de dag ervoor een korte agenda, zodat ze met hun eigen doelen komen.',
        '',
        'Luister tijdens het gesprek meer dan je praat ([actief luisteren](https://en.wikipedia.org/wiki/Active_listening)) en **spreek de volgende stap af voordat je ophangt**.',
      ],
      tasks: {
        'research-account': 'Verdiep je in het bedrijf en de contactpersoon',
        'send-agenda': 'Stuur de agenda voor het gesprek',
        'hold-discovery': 'Voer het verkennende gesprek',
      },
      scripts: {
        agenda: {
          title: 'Agenda voor het gesprek',
          subject: 'Ons gesprek over {{deal.title}}: agenda',
          body: [
            'Beste {{contact.firstName}},',
            '',
            'Bedankt dat je tijd vrijmaakt voor ons gesprek. Om er zoveel mogelijk uit te halen, stel ik voor dat we het volgende bespreken:',
            '1. Wat jullie willen veranderen, en waarom nu',
            '2. Hoe jullie het nu aanpakken',
            '3. Of het zinvol is om er samen naar te kijken, en wat dan de volgende stap zou zijn',
            '',
            'Wil je nog iets toevoegen? Beantwoord dan gewoon deze e-mail.',
            '',
            'Met vriendelijke groet,',
            '{{me.name}}',
          ],
        },
        'discovery-opening': {
          title: 'Opening van het verkennende gesprek',
          body: [
            'Bedankt voor je tijd, {{contact.firstName}}. Ik wil eerst jullie situatie begrijpen voordat ik iets over ons vertel.',
            '- Waarom wilde je juist nu dit gesprek?',
            '- Hoe pakken jullie dit nu aan, en wat kost het jullie?',
            '- Als we het oplossen, wat is er over zes maanden dan anders?',
            'Voordat we ophangen: spreek de volgende stap en de datum daarvan af.',
          ],
        },
      },
    },
    qualified: {
      name: 'Gekwalificeerd',
      guidance: [
        'De koper heeft bevestigd dat er een probleem is dat het oplossen waard is, en hoe ze gaan beslissen. Kwalificeer nu streng: een deal die niet in de pipeline hoort, kost later meer dan vandaag.',
        '',
        '- Schrijf het probleem op **in de woorden van de koper** en wat het hen vandaag kost.',
        '- Zoek uit wie er nog meer betrokken zijn en **wie er tekent**.',
        '- Loop de BANT-checklist door: wat je niet weet, is een vraag voor het volgende gesprek, geen gok.',
        '- Spreek de datum van de demo af en wie er aanschuiven, voordat je ophangt.',
        '',
        'Geen budget, geen beslissingsbevoegdheid en geen tijdlijn? Zeg dat eerlijk, en sluit de deal als verloren of houd contact voor later.',
      ],
      tasks: {
        'confirm-pain': 'Bevestig het probleem en wat het kost',
        'map-stakeholders': 'Breng de betrokkenen in kaart en wie er tekent',
        'book-demo': 'Plan de demo met de beslissers',
      },
      scripts: {
        qualification: {
          title: 'Kwalificatiegesprek',
          body: [
            'Doel: het probleem bevestigen, en weten wie beslist en wanneer.',
            '- Wat is het probleem in je eigen woorden, en wat kost het jullie per maand?',
            '- Wie zijn er nog meer betrokken, en wie tekent?',
            '- Is er budget voor, en hoe wordt dat goedgekeurd?',
            '- Wat gebeurt er op de datum die je noemde als er niets verandert?',
            'Afsluiten: ‘Zullen we een demo van jullie situatie plannen met iedereen die meebeslist?’',
          ],
        },
        'demo-invite': {
          title: 'Uitnodiging voor een demo',
          subject: 'Een demo van {{deal.title}}, afgestemd op jullie situatie',
          body: [
            'Beste {{contact.firstName}},',
            '',
            'Zoals afgesproken laat ik je graag zien hoe het bij jullie zou werken, met jullie eigen voorbeelden. Kun je twee momenten voorstellen die jou en de andere beslissers goed uitkomen?',
            '',
            'Met vriendelijke groet,',
            '{{me.name}}',
          ],
        },
      },
    },
    'demo-completed': {
      name: 'Demo gegeven',
      guidance: [
        'De koper heeft gezien hoe hun probleem wordt opgelost. **Laat hun situatie zien, niet elke functie.**',
        '',
        '1. Begin met het probleem dat ze beschreven en het resultaat dat ze willen.',
        '2. Laat alleen de twee of drie werkprocessen zien die voor hen tellen.',
        '3. Sluit af door het **beslissingsproces** af te spreken: stappen, mensen, data.',
        '',
        'Stuur binnen een dag een samenvatting: wat ze zagen, wat ze zeiden en wat er nu gebeurt.',
      ],
      tasks: {
        'run-demo': 'Geef de demo op maat',
        'map-decision-process': 'Breng het beslissingsproces in kaart',
        'send-recap': 'Stuur een samenvatting met de afgesproken vervolgstappen',
      },
      scripts: {
        'demo-recap': {
          title: 'Samenvatting na de demo',
          subject: 'Samenvatting van onze demo en de vervolgstappen',
          body: [
            'Beste {{contact.firstName}},',
            '',
            'Bedankt voor de demo vandaag. Dit heb ik gehoord:',
            '- Jullie doel: …',
            '- Wat het zwaarst weegt bij jullie beslissing: …',
            '',
            'Afgesproken volgende stap: {{stage.next}}, uiterlijk …',
            '',
            'Heb ik iets verkeerd begrepen? Laat het me gerust weten.',
            '',
            'Met vriendelijke groet,',
            '{{me.name}}',
          ],
        },
      },
    },
    'proposal-sent': {
      name: 'Voorstel verstuurd',
      guidance: [
        'De koper heeft je voorstel. **Maak het makkelijk om ja te zeggen.**',
        '',
        '- Koppel elke regel van het voorstel aan een resultaat waar de koper om vroeg.',
        '- Loop het live door met de beslisser in plaats van het alleen te mailen.',
        '- Spreek een **beslisdatum** af, zet die als verwachte sluitingsdatum en neem op die dag contact op.',
        '',
        'Stilte na een voorstel is een signaal: bel, stuur niet alleen nog een e-mail.',
      ],
      criteria: {
        'proposal-reviewed': 'De koper heeft het voorstel met ons doorgenomen',
      },
      tasks: {
        'send-proposal': 'Verstuur het voorstel',
        'review-proposal': 'Neem het voorstel door met de beslisser',
        'follow-up': 'Neem op de beslisdatum contact op',
      },
      scripts: {
        proposal: {
          title: 'E-mail met het voorstel',
          subject: 'Voorstel: {{deal.title}}',
          body: [
            'Beste {{contact.firstName}},',
            '',
            'In de bijlage vind je ons voorstel voor {{deal.title}}, gebaseerd op wat we hebben afgesproken: het doel, de omvang en de planning.',
            'Ik stel voor dat we het samen doornemen, zodat al je vragen beantwoord zijn voordat jullie beslissen. Komt … je uit?',
            '',
            'Met vriendelijke groet,',
            '{{me.name}}',
          ],
        },
        'proposal-follow-up': {
          title: 'Contact op de beslisdatum',
          body: [
            'Hoi {{contact.firstName}}, je spreekt met {{me.name}}. Jullie wilden rond deze tijd beslissen over {{deal.title}}.',
            '- Hoe staat het met de beslissing?',
            '- Is er iets in het voorstel onduidelijk, of ontbreekt er iets?',
            '- Wie moet er nog meer ja zeggen, en wanneer overleggen ze?',
          ],
        },
      },
    },
    'contract-sent': {
      name: 'Contract verstuurd',
      guidance: [
        'De koper heeft om het contract gevraagd. **Haal elk obstakel voor de handtekening weg.**',
        '',
        '- Bevestig wie er tekent en of de juristen of inkoop het moeten beoordelen.',
        '- Koppel concessies altijd aan iets terug (looptijd, volume, datum).',
        '- Plan de startbijeenkomst nu al, zodat de koper het leven na de handtekening voor zich ziet.',
        '',
        'Houd de sluitingsdatum eerlijk: schuift de handtekening op, verzet dan de datum en noteer waarom.',
      ],
      tasks: {
        'send-contract': 'Verstuur het contract',
        'confirm-signer': 'Bevestig wie er tekent en hoe de beoordeling verloopt',
        'plan-kickoff': 'Plan de startbijeenkomst met de koper',
      },
      scripts: {
        contract: {
          title: 'E-mail met het contract',
          subject: 'Contract voor {{deal.title}}',
          body: [
            'Beste {{contact.firstName}},',
            '',
            'Hierbij het contract voor {{deal.title}}, zoals afgesproken. Wie tekent er aan jullie kant, en is er een beoordelingsstap waar we rekening mee moeten houden?',
            '',
            'Met vriendelijke groet,',
            '{{me.name}}',
          ],
        },
      },
    },
    won: {
      name: 'Gewonnen',
      guidance: ['Bedank de koper, draag de klant over aan de implementatie met alles wat je hebt geleerd, en vraag om een aanbeveling zodra ze de waarde zien.'],
    },
    lost: {
      name: 'Verloren',
      guidance: ['Noteer de echte reden die de koper gaf, en spreek af wanneer je weer contact opneemt.'],
    },
  },
};
