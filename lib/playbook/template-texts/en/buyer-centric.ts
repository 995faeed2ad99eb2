// The buyer-centric B2B template in English: the text every other language translates.
// Guidance is one line per entry (joined with line breaks; '' is a paragraph break).

export const buyerCentric = {
  pipeline: 'New business',
  stages: {
    'discovery-booked': {
      name: 'Discovery call booked',
      guidance: [
        'The buyer agreed to a first conversation. **Use it to learn, not to pitch**: find out whether there is a problem worth solving together.',
        '',
        'Before the call:',
        '- Research the company and the person: role, recent news, likely priorities.',
        '- Prepare **three open questions** about their situation and what they want to change.',
        '- Send a short agenda the day before, so they arrive with their own goals.',
        '',
        'On the call, listen more than you talk ([active listening](https://en.wikipedia.org/wiki/Active_listening)) and **agree the next step before you hang up**.',
      ],
      tasks: {
        'research-account': 'Research the account and the contact',
        'send-agenda': 'Send the meeting agenda',
        'hold-discovery': 'Hold the discovery call',
      },
      scripts: {
        agenda: {
          title: 'Meeting agenda',
          subject: 'Our call about {{deal.title}}: agenda',
          body: [
            'Hi {{contact.firstName}},',
            '',
            'Thank you for making time for our call. So we use it well, here is what I suggest we cover:',
            '1. What you want to change, and why now',
            '2. How you handle it today',
            '3. Whether it makes sense to look at it together, and what the next step would be',
            '',
            'Anything you would like to add? Just reply to this e-mail.',
            '',
            'Best regards,',
            '{{me.name}}',
          ],
        },
        'discovery-opening': {
          title: 'Discovery call opening',
          body: [
            'Thanks for taking the time, {{contact.firstName}}. I would like to understand your situation before I say anything about us.',
            '- What made you agree to this call now?',
            '- How do you handle this today, and what does it cost you?',
            '- If we solved it, what would be different in six months?',
            'Before we hang up: agree on the next step and its date.',
          ],
        },
      },
    },
    qualified: {
      name: 'Qualified',
      guidance: [
        'The buyer confirmed a problem worth solving and how they will decide. Qualify hard now: a deal that should not be in the pipeline costs more later than it does today.',
        '',
        '- Write down the pain **in the buyer’s words** and what it costs them today.',
        '- Find out who else is involved and **who signs**.',
        '- Work through the BANT checklist: an unknown is a question for the next call, not a guess.',
        '- Agree on the demo date and who attends before you hang up.',
        '',
        'No budget, no authority and no timeline? Say so, and close the deal as lost or nurture it.',
      ],
      tasks: {
        'confirm-pain': 'Confirm the pain and its cost',
        'map-stakeholders': 'Map the people involved and who signs',
        'book-demo': 'Book the demo with the decision makers',
      },
      scripts: {
        qualification: {
          title: 'Qualification call',
          body: [
            'Goal: confirm the pain, who decides and by when.',
            '- In your words, what is the problem, and what does it cost you each month?',
            '- Who else is involved, and who signs?',
            '- Is there a budget for this, and how is it approved?',
            '- What happens on the date you mentioned if nothing changes?',
            'Close: "Shall we book a demo of your case with everyone who decides?"',
          ],
        },
        'demo-invite': {
          title: 'Demo invitation',
          subject: 'A demo of {{deal.title}}, tailored to your case',
          body: [
            'Hi {{contact.firstName}},',
            '',
            'As agreed, I would like to show you how your case would work with us, using your own examples. Could you suggest two times that suit you and the others who decide?',
            '',
            'Best regards,',
            '{{me.name}}',
          ],
        },
      },
    },
    'demo-completed': {
      name: 'Demo completed',
      guidance: [
        'The buyer saw how their problem gets solved. **Show their case, not every feature.**',
        '',
        '1. Open with the pain they described and the result they want.',
        '2. Show only the two or three workflows that matter to them.',
        '3. Close by agreeing the **decision process**: steps, people, dates.',
        '',
        'Send the recap within a day: what they saw, what they said, what happens next.',
      ],
      tasks: {
        'run-demo': 'Run the tailored demo',
        'map-decision-process': 'Map the decision process',
        'send-recap': 'Send a recap with agreed next steps',
      },
      scripts: {
        'demo-recap': {
          title: 'Recap after the demo',
          subject: 'Recap of our demo and next steps',
          body: [
            'Hi {{contact.firstName}},',
            '',
            'Thank you for the demo today. What I heard:',
            '- Your goal: …',
            '- What matters most when you decide: …',
            '',
            'Agreed next step: {{stage.next}}, by …',
            '',
            'Did I get anything wrong? Just reply.',
            '',
            'Best regards,',
            '{{me.name}}',
          ],
        },
      },
    },
    'proposal-sent': {
      name: 'Proposal sent',
      guidance: [
        'The buyer has your proposal. **Make it easy to say yes.**',
        '',
        '- Tie every line of the proposal to a result the buyer asked for.',
        '- Walk the decision maker through it live rather than only emailing it.',
        '- Agree a **decision date**, put it in the close date, and follow up on that date.',
        '',
        'Silence after a proposal is a signal: call, don’t just send another email.',
      ],
      criteria: {
        'proposal-reviewed': 'The buyer reviewed the proposal with us',
      },
      tasks: {
        'send-proposal': 'Send the proposal',
        'review-proposal': 'Review the proposal with the decision maker',
        'follow-up': 'Follow up on the decision date',
      },
      scripts: {
        proposal: {
          title: 'Proposal e-mail',
          subject: 'Proposal: {{deal.title}}',
          body: [
            'Hi {{contact.firstName}},',
            '',
            'Attached is our proposal for {{deal.title}}, built on what we agreed: the goal, the scope and the timeline.',
            'I suggest we walk through it together, so your questions are answered before you decide. Does … suit you?',
            '',
            'Best regards,',
            '{{me.name}}',
          ],
        },
        'proposal-follow-up': {
          title: 'Follow-up on the decision date',
          body: [
            'Hi {{contact.firstName}}, it is {{me.name}}. You planned to decide about {{deal.title}} around now.',
            '- Where are you in the decision?',
            '- Is anything in the proposal unclear or missing?',
            '- Who else needs to say yes, and when do they meet?',
          ],
        },
      },
    },
    'contract-sent': {
      name: 'Contract sent',
      guidance: [
        'The buyer asked for the contract. **Remove every obstacle to signature.**',
        '',
        '- Confirm who signs and whether legal or procurement must review it.',
        '- Keep concessions tied to something in return (term, volume, date).',
        '- Plan the kickoff now, so the buyer sees life after signature.',
        '',
        'Keep the close date honest: if the signature slips, move the date and note why.',
      ],
      tasks: {
        'send-contract': 'Send the contract',
        'confirm-signer': 'Confirm the signer and the review steps',
        'plan-kickoff': 'Plan the kickoff with the buyer',
      },
      scripts: {
        contract: {
          title: 'Contract e-mail',
          subject: 'Contract for {{deal.title}}',
          body: [
            'Hi {{contact.firstName}},',
            '',
            'Here is the contract for {{deal.title}}, as agreed. Who will sign on your side, and is there a review step we should plan for?',
            '',
            'Best regards,',
            '{{me.name}}',
          ],
        },
      },
    },
    won: {
      name: 'Won',
      guidance: ['Thank the buyer, hand over to onboarding with everything you learned, and ask for a referral once they see value.'],
    },
    lost: {
      name: 'Lost',
      guidance: ['Record the real reason the buyer gave, and agree when to check in again.'],
    },
  },
};
