// The simple sales process in English: the text every other language translates.

export const simple = {
  pipeline: 'Sales',
  stages: {
    'meeting-booked': {
      name: 'Meeting booked',
      guidance: [
        'The buyer agreed to meet. Prepare so the meeting is about **their** goals:',
        '- What do they want to change, and why now?',
        '- Who else should be in the room?',
        '- What would make a good next step?',
      ],
      tasks: {
        'prepare-meeting': 'Prepare the meeting',
        'hold-meeting': 'Hold the meeting',
      },
      scripts: {
        'confirm-meeting': {
          title: 'Meeting confirmation',
          subject: 'Our meeting about {{deal.title}}',
          body: [
            'Hi {{contact.firstName}},',
            '',
            'Looking forward to our meeting. I would like to hear what you want to achieve and how you work today, so I can show only what is relevant.',
            '',
            'Best regards,',
            '{{me.name}}',
          ],
        },
      },
    },
    'follow-up-meeting': {
      name: 'Follow-up meeting',
      guidance: [
        'Show how you solve what the buyer told you in the first meeting, not everything you can do.',
        '',
        'Before you leave, **agree what the quote must contain** (scope, volume, start date) and when they will decide.',
      ],
      tasks: {
        'hold-follow-up': 'Hold the follow-up meeting',
        'agree-quote-scope': 'Agree what the quote must cover',
      },
      scripts: {
        'follow-up-call': {
          title: 'Follow-up call',
          body: [
            'Hi {{contact.firstName}}, it is {{me.name}}, following up on our meeting.',
            '- Did the others involved see what we discussed?',
            '- What should the quote cover?',
            '- When do you want to decide?',
          ],
        },
      },
    },
    'quote-sent': {
      name: 'Quote sent',
      guidance: [
        'Send the quote, then **call within two days** to walk through it.',
        '- Check each line against what the buyer asked for.',
        '- Ask what could stop them from saying yes.',
      ],
      tasks: {
        'send-quote': 'Send the quote',
        'walk-through-quote': 'Call to walk through the quote',
      },
      scripts: {
        quote: {
          title: 'Quote e-mail',
          subject: 'Quote: {{deal.title}}',
          body: [
            'Hi {{contact.firstName}},',
            '',
            'Attached is the quote for {{deal.title}}, covering what we agreed. Shall we go through it on a short call?',
            '',
            'Best regards,',
            '{{me.name}}',
          ],
        },
        'quote-walk-through': {
          title: 'Walking through the quote',
          body: [
            'Goal: answer every question about the quote and agree on the decision date.',
            '- What do you think of the scope and the price?',
            '- Is anything missing?',
            '- What would make it an easy yes?',
          ],
        },
      },
    },
    negotiation: {
      name: 'Negotiation',
      guidance: [
        '**Trade, don’t give**: every concession gets something in return (term, volume, date).',
        '',
        'Confirm who signs and when, and keep the close date up to date.',
      ],
      tasks: {
        'confirm-signer': 'Confirm who signs and when',
        'send-contract': 'Send the contract or order form',
      },
      scripts: {
        negotiation: {
          title: 'Negotiation call',
          body: [
            'Before giving anything: ask what the concern really is, and what it is worth to them.',
            '- "If we solve this point, are you ready to sign?"',
            '- Trade, never give: a concession for a commitment (date, scope, reference).',
          ],
        },
      },
    },
    won: {
      name: 'Won',
      guidance: ['Thank the buyer and hand over everything you learned.'],
    },
    lost: {
      name: 'Lost',
      guidance: ['Record the real reason, and agree when to check in again.'],
    },
  },
};
