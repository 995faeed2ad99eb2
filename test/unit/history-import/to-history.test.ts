import { describe, expect, it } from 'vitest';
import {
  consensusOrder,
  convertTable,
  CsvSyntaxError,
  detectMapping,
  fillProbabilities,
  importHistoryJson,
  MAX_LISTED_PROBLEMS,
  parseCsv,
  withColumn,
  type ConversionReport,
} from '@/lib/history-import';
import { parseHistoryText, serializeHistory, validateHistory, type History } from '@/lib/metrics/history';
import { computeScorecard, scorecardOptions, type Metrics } from '@/lib/metrics/scorecard';
import { dealById, fixture, importFixture, iso, path, salesPlaybook } from './helpers';

const historyOf = (report: ConversionReport): History => {
  expect(report.problems.map((p) => p.message)).toEqual([]);
  expect(report.fileProblem).toBeNull();
  expect(report.missing).toEqual([]);
  expect(report.history).not.toBeNull();
  return report.history!;
};

const stagesOf = (history: History, pipeline: string) => history.pipelines.find((p) => p.id === pipeline)!.stages;

describe('Pipedrive deals export', () => {
  it('pipelines with stages in order of first appearance, linear probabilities, deals with status and close dates', async () => {
    const history = historyOf((await importFixture('pipedrive-deals.csv')).report);
    expect(history.pipelines.map((p) => [p.id, p.name])).toEqual([
      ['sales-pipeline', 'Sales pipeline'],
      ['partners', 'Partners'],
    ]);
    expect(stagesOf(history, 'sales-pipeline')).toEqual([
      { id: 'qualified', name: 'Qualified', probability: 0.17, rotDays: null },
      { id: 'contact-made', name: 'Contact Made', probability: 0.33, rotDays: null },
      { id: 'demo-scheduled', name: 'Demo Scheduled', probability: 0.5, rotDays: null },
      { id: 'proposal-made', name: 'Proposal Made', probability: 0.67, rotDays: null },
      { id: 'negotiations-started', name: 'Negotiations Started', probability: 0.83, rotDays: null },
    ]);
    expect(stagesOf(history, 'partners').map((s) => s.id)).toEqual(['intro', 'evaluation', 'agreement']);
    expect(history.deals).toHaveLength(13);

    const initech = dealById(history.deals, 'pipedrive:103');
    expect(initech).toMatchObject({ title: 'Initech "Phase 2"', owner: 'Anna Berg', pipeline: 'sales-pipeline', value: 30000, currency: 'EUR', status: 'won' });
    expect([iso(initech.createdAt), iso(initech.closedAt)]).toEqual(['2026-01-10T08:00:00.000Z', '2026-02-09T16:45:00.000Z']);
    // Pipedrive exports no stage history: the current stage, entered at "Last stage change".
    expect(path(initech)).toEqual(['demo-scheduled@2026-01-25T11:00:00.000Z']);

    const umbrella = dealById(history.deals, 'pipedrive:104');
    expect(umbrella).toMatchObject({ title: 'Umbrella Corp\nRenewal (two lines)', status: 'lost', value: 15000 });
    expect(iso(umbrella.closedAt)).toBe('2026-02-20T12:00:00.000Z');
    expect(path(umbrella)).toEqual(['proposal-made@2026-02-01T10:00:00.000Z']);

    const nordic = dealById(history.deals, 'pipedrive:101');
    expect(nordic).toMatchObject({ title: 'Nordic Foods, Q1 rollout', status: 'open', closedAt: null, value: 12000 });
    expect(path(nordic)).toEqual(['qualified@2026-01-05T09:12:44.000Z']);

    expect(dealById(history.deals, 'pipedrive:102').value).toBe(8500.5);
    expect(dealById(history.deals, 'pipedrive:109').currency).toBe('USD');
    expect(dealById(history.deals, 'pipedrive:111')).toMatchObject({ pipeline: 'partners', status: 'won', owner: 'Ben Ortiz' });
  });

  it('the European variant: decimal comma, day-first dates, names with å and ø', async () => {
    const { report } = await importFixture('pipedrive-deals-eu.csv');
    const history = historyOf(report);
    const fjord = dealById(history.deals, 'pipedrive:201');
    expect(fjord).toMatchObject({ title: 'Fjord Logistikk; pilot', owner: 'Åsa Lindqvist', value: 12500, currency: 'SEK', status: 'open' });
    expect(iso(fjord.createdAt)).toBe('2026-01-05T09:12:00.000Z');
    expect(dealById(history.deals, 'pipedrive:202').value).toBe(8000.5);
    expect(dealById(history.deals, 'pipedrive:205').value).toBe(3250.75);
    const goteborg = dealById(history.deals, 'pipedrive:204');
    expect(goteborg).toMatchObject({ title: 'Göteborg "Hamn" AB', value: 120000, status: 'won' });
    expect(iso(goteborg.closedAt)).toBe('2026-02-03T15:00:00.000Z');
    expect(report.summary!.owners).toEqual(['Åsa Lindqvist', 'Ørjan Dahl']);
    // Without a playbook, the order is the order of first appearance — here not the real one.
    expect(stagesOf(history, 'sales-pipeline').map((s) => s.name)).toEqual(['Proposal Made', 'Qualified', 'Contact Made', 'Negotiations Started', 'Demo Scheduled']);
  });

  it('a matching playbook pipeline gives order, ids, probability and rot days; an unmatched pipeline keeps the file’s', async () => {
    const { report } = await importFixture('pipedrive-deals-eu.csv', { playbook: salesPlaybook(), defaultRotDays: 21 });
    const history = historyOf(report);
    expect(history.pipelines).toEqual([
      {
        id: 'sales',
        name: 'Sales',
        stages: [
          { id: 'qualified', name: 'Qualified', probability: 0.1, rotDays: 14 },
          { id: 'contact', name: 'Contact', probability: 0.2, rotDays: 10 },
          { id: 'demo', name: 'Demo', probability: 0.4, rotDays: 21 },
          { id: 'proposal', name: 'Proposal', probability: 0.6, rotDays: 7 },
          { id: 'negotiation', name: 'Negotiation', probability: 0.8, rotDays: 5 },
          { id: 'won', name: 'Won', probability: 1, rotDays: null },
        ],
      },
    ]);
    expect(path(dealById(history.deals, 'pipedrive:201'))).toEqual(['proposal@2026-02-02T10:00:00.000Z']);

    const both = historyOf((await importFixture('pipedrive-deals.csv', { playbook: salesPlaybook() })).report);
    expect(both.pipelines.map((p) => p.id)).toEqual(['sales', 'partners']);
    expect(stagesOf(both, 'partners').map((s) => s.id)).toEqual(['intro', 'evaluation', 'agreement']);
    expect(dealById(both.deals, 'pipedrive:103').pipeline).toBe('sales');
  });

  it('leaves out deleted deals and says how many', async () => {
    const csv = 'Deal - ID,Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created\n1,A,Ann,Demo,Open,2026-01-01\n2,B,Ann,Demo,Deleted,2026-01-01\n';
    const table = parseCsv(csv);
    const report = await convertTable(table, detectMapping(table, 'pipedrive'));
    expect(historyOf(report).deals.map((d) => d.id)).toEqual(['pipedrive:1']);
    expect(report.summary!.skipped).toBe(1);
  });
});

describe('HubSpot deals export', () => {
  it('stage order from the Date entered columns; closed won/lost from the stage label; history per deal', async () => {
    const { report } = await importFixture('hubspot-deals.csv');
    const history = historyOf(report);
    expect(history.pipelines).toHaveLength(1);
    expect(history.pipelines[0]!.name).toBe('Sales Pipeline');
    expect(stagesOf(history, 'sales-pipeline').map((s) => s.id)).toEqual(['appointment-scheduled', 'qualified-to-buy', 'presentation-scheduled', 'decision-maker-bought-in', 'contract-sent']);

    const acme = dealById(history.deals, 'hubspot:9001');
    expect(acme).toMatchObject({ title: 'Acme, Inc. – annual plan', owner: 'Dana Scully', status: 'won', value: 24000, currency: null });
    expect(iso(acme.closedAt)).toBe('2026-02-20T15:00:00.000Z');
    expect(path(acme)).toEqual([
      'appointment-scheduled@2026-01-05T09:00:00.000Z',
      'qualified-to-buy@2026-01-09T10:00:00.000Z',
      'presentation-scheduled@2026-01-20T14:00:00.000Z',
      'contract-sent@2026-02-10T11:00:00.000Z',
    ]);

    const cogswell = dealById(history.deals, 'hubspot:9003');
    expect(cogswell).toMatchObject({ title: 'Cogswell Cogs\n(second line of the name)', status: 'lost' });
    expect(iso(cogswell.closedAt)).toBe('2026-02-12T10:00:00.000Z');
    expect(path(cogswell)).toEqual(['appointment-scheduled@2026-01-15T08:00:00.000Z', 'qualified-to-buy@2026-01-22T08:00:00.000Z']);

    // An open deal's Close Date is only expected: it stays open, without a close date.
    expect(dealById(history.deals, 'hubspot:9002')).toMatchObject({ status: 'open', closedAt: null, value: 8500.5 });
    // No amount: value 0. A skipped stage (9005 never was "Qualified To Buy") stays skipped.
    expect(dealById(history.deals, 'hubspot:9006').value).toBe(0);
    expect(path(dealById(history.deals, 'hubspot:9005')).map((p) => p.split('@')[0])).toEqual(['appointment-scheduled', 'presentation-scheduled', 'decision-maker-bought-in']);
    expect(report.summary).toMatchObject({ deals: 10, open: 5, won: 3, lost: 2, owners: ['Dana Scully', 'Fox Mulder', 'Walter Skinner'] });
  });

  it('with the playbook: its ids where stages match (Contract Sent → proposal), its won stage entered on the won date', async () => {
    const history = historyOf((await importFixture('hubspot-deals.csv', { playbook: salesPlaybook() })).report);
    expect(stagesOf(history, 'sales').map((s) => s.id)).toEqual([
      'appointment-scheduled',
      'qualified-to-buy',
      'presentation-scheduled',
      'decision-maker-bought-in',
      'qualified',
      'contact',
      'demo',
      'proposal',
      'negotiation',
      'won',
    ]);
    expect(path(dealById(history.deals, 'hubspot:9001')).slice(-2)).toEqual(['proposal@2026-02-10T11:00:00.000Z', 'won@2026-02-20T15:00:00.000Z']);
    // The lost stage is an outcome, never a stage.
    expect(path(dealById(history.deals, 'hubspot:9003')).map((p) => p.split('@')[0])).toEqual(['appointment-scheduled', 'qualified-to-buy']);
  });
});

describe('Salesforce opportunity history report', () => {
  it('rows grouped into opportunities; stage order from how deals moved, not from first appearance', async () => {
    const { report } = await importFixture('salesforce-opportunity-history.csv');
    const history = historyOf(report);
    // Walking the rows, "Proposal/Price Quote" appears before "Needs Analysis"; the deals say otherwise.
    expect(history.pipelines).toEqual([
      {
        id: 'salesforce',
        name: 'Salesforce',
        stages: [
          { id: 'prospecting', name: 'Prospecting', probability: 0.1, rotDays: null },
          { id: 'qualification', name: 'Qualification', probability: 0.2, rotDays: null },
          { id: 'needs-analysis', name: 'Needs Analysis', probability: 0.3, rotDays: null },
          { id: 'proposal-price-quote', name: 'Proposal/Price Quote', probability: 0.6, rotDays: null },
          { id: 'negotiation-review', name: 'Negotiation/Review', probability: 0.8, rotDays: null },
        ],
      },
    ]);
    expect(history.deals).toHaveLength(6);

    const weyland = dealById(history.deals, 'salesforce:0065g00000AbCdEAAA');
    expect(weyland).toMatchObject({ title: 'Weyland-Yutani, LLC – fleet', owner: 'Rick Deckard', status: 'won', value: 14500, currency: 'USD' });
    // Closed when its history row entered Closed Won (2/16/2026 4:30 PM), not at the start of the close date.
    expect([iso(weyland.createdAt), iso(weyland.closedAt)]).toEqual(['2026-01-05T00:00:00.000Z', '2026-02-16T16:30:00.000Z']);
    expect(path(weyland)).toEqual(['prospecting@2026-01-05T09:12:00.000Z', 'qualification@2026-01-09T10:00:00.000Z', 'proposal-price-quote@2026-01-20T14:00:00.000Z']);

    // Moved back: the history keeps the return to Qualification; the latest row's amount counts.
    const bnl = dealById(history.deals, 'salesforce:0065g00000AsDfGAAA');
    expect(bnl).toMatchObject({ status: 'open', closedAt: null, value: 22000 });
    expect(path(bnl).map((p) => p.split('@')[0])).toEqual(['prospecting', 'qualification', 'proposal-price-quote', 'qualification']);

    const sirius = dealById(history.deals, 'salesforce:0065g00000QwErTAAA');
    expect(sirius).toMatchObject({ status: 'lost' });
    // Its history row entering Closed Lost (2/10/2026 3:00 PM) says when it closed.
    expect(iso(sirius.closedAt)).toBe('2026-02-10T15:00:00.000Z');
    expect(report.summary).toMatchObject({ deals: 6, open: 2, won: 2, lost: 2 });
  });

  it('without Won/Closed columns, the stage label says won or lost', async () => {
    const table = parseCsv(fixture('salesforce-opportunity-history.csv'));
    const mapping = withColumn(withColumn(detectMapping(table, 'salesforce'), 'won', null), 'closed', null);
    const history = historyOf(await convertTable(table, mapping));
    expect(history.deals.map((d) => d.status)).toEqual(['won', 'won', 'lost', 'open', 'open', 'lost']);
  });

  it('consensus order: majority of deals wins, cycles broken, first appearance breaks ties', () => {
    expect(consensusOrder([['a', 'b', 'c'], ['a', 'c']], ['a', 'c', 'b'])).toEqual(['a', 'b', 'c']);
    expect(consensusOrder([['a', 'b'], ['a', 'b'], ['b', 'a']], ['b', 'a'])).toEqual(['a', 'b']);
    expect(consensusOrder([['a', 'b'], ['b', 'c'], ['c', 'a']], ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(consensusOrder([['a', 'b', 'a', 'c']], ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(consensusOrder([], ['x', 'y'])).toEqual(['x', 'y']);
  });

  it('fills missing probabilities linearly between known ones', () => {
    expect(fillProbabilities([null, null, null])).toEqual([0.25, 0.5, 0.75]);
    expect(fillProbabilities([0.2, null, 0.6, null])).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
});

describe('bad rows: every one listed with its line, nothing imported', () => {
  it('a number that is not one (line 14 — an earlier record spans two lines)', async () => {
    const { report } = await importFixture('pipedrive-bad-number.csv');
    expect(report.history).toBeNull();
    expect(report.summary).toBeNull();
    expect(report.problemCount).toBe(1);
    expect(report.problems).toEqual([{ line: 14, code: 'notANumber', params: { column: 'Deal - Value', value: '12,5k' }, message: 'line 14: Deal - Value "12,5k" is not a number' }]);
  });

  it('a date that does not exist', async () => {
    const { report } = await importFixture('hubspot-bad-date.csv');
    expect(report.history).toBeNull();
    expect(report.problems.map((p) => p.message)).toEqual(['line 6: Date entered "Decision Maker Bought-In (Sales Pipeline)" "2026-02-30 13:00" is not a date']);
  });

  it('a stage whose place in the pipeline is unknown — unless the playbook knows it', async () => {
    const { report } = await importFixture('hubspot-unknown-stage-order.csv');
    expect(report.history).toBeNull();
    expect(report.problems).toEqual([
      {
        line: 12,
        code: 'unknownStageOrder',
        params: { column: 'Deal Stage', value: 'Verbal Commit', pipeline: 'Sales Pipeline' },
        message: 'line 12: Deal Stage "Verbal Commit" has no stage-history column, so its place in pipeline "Sales Pipeline" is unknown',
      },
    ]);
    const withPlaybook = historyOf((await importFixture('hubspot-unknown-stage-order.csv', { playbook: salesPlaybook() })).report);
    expect(path(dealById(withPlaybook.deals, 'hubspot:9010')).at(-1)).toBe('negotiation@2026-02-16T15:00:00.000Z');
  });

  it('a missing required column: nothing is converted until it is mapped', async () => {
    const { table, mapping, report } = await importFixture('salesforce-missing-column.csv');
    expect(report).toMatchObject({ history: null, missing: [['toStage', 'stage']], problems: [] });
    // Mapping "From Stage" as the stage makes it convertible (a different reading, but a complete one).
    const fixed = await convertTable(table, withColumn(mapping, 'stage', table.header.indexOf('From Stage')));
    expect(fixed.missing).toEqual([]);
    expect(fixed.problems.map((p) => p.code)).toContain('missingValue'); // the creation rows have no From Stage
  });

  it('a file cut off inside a quoted field is not CSV: the line is named', () => {
    expect(() => parseCsv(fixture('salesforce-cut-off.csv'))).toThrow(CsvSyntaxError);
    expect(() => parseCsv(fixture('salesforce-cut-off.csv'))).toThrow(/^line 20: a quoted field is never closed/);
  });

  it('every kind of bad row at once, in line order', async () => {
    const csv = [
      'Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time',
      '1,Fine,Ann,100,Demo,Open,2026-01-05,,',
      '2,Pending deal,Ann,100,Demo,Pending,2026-01-05,,',
      '3,No created,Ann,100,Demo,Open,,,',
      '1,Same id,Ann,100,Demo,Open,2026-01-05,,',
      '4,Short row,Ann,100',
      '5,Won without time,Ann,100,Demo,Won,2026-01-05,,',
      '6,Closed first,Ann,100,Demo,Lost,2026-02-05,,2026-01-05',
      '7,Negative,Ann,-100,Demo,Open,2026-01-05,,',
      '8,Hostile owner,__proto__,100,Demo,Open,2026-01-05,,',
      '9,Bad date,Ann,100,Demo,Won,2026-01-05,2026-01-32,',
      '10,Extra field,Ann,100,Demo,Open,2026-01-05,,,surplus',
      '11,Empty extra field is fine,Ann,100,Demo,Open,2026-01-05,,,',
    ].join('\n');
    const table = parseCsv(csv);
    const report = await convertTable(table, detectMapping(table, 'pipedrive'));
    expect(report.history).toBeNull();
    expect(report.problems.map((p) => p.message)).toEqual([
      'line 3: Deal - Status "Pending" is not open, won or lost',
      'line 4: Deal - Deal created is empty',
      'line 5: Deal - ID "1" is also on line 2',
      'line 6: 4 fields, the header has 9',
      'line 7: the deal is won but has no close date (Deal - Won time)',
      'line 8: closed on 2026-01-05, before it was created on 2026-02-05',
      'line 9: Deal - Value "-100" is negative',
      'line 10: Deal - Owner "__proto__" is not allowed',
      'line 11: Deal - Won time "2026-01-32" is not a date',
      'line 12: 10 fields, the header has 9',
    ]);
    expect(report.problemCount).toBe(10);
  });

  it('counts every problem but keeps a bounded list', async () => {
    const rows = ['Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created'];
    for (let i = 0; i < 1500; i++) rows.push(`D${i},Ann,Demo,Open,not a date`);
    const table = parseCsv(rows.join('\n'));
    const report = await convertTable(table, detectMapping(table, 'pipedrive'));
    expect(report.problemCount).toBe(1500);
    expect(report.problems).toHaveLength(MAX_LISTED_PROBLEMS);
    expect(report.problems[0]!.line).toBe(2);
  });

  it('a mis-mapped stage column (thousands of "stages") is refused as a whole', async () => {
    const rows = ['Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created'];
    for (let i = 0; i < 150; i++) rows.push(`D${i},Ann,Stage ${i},Open,2026-01-01`);
    const table = parseCsv(rows.join('\n'));
    const report = await convertTable(table, detectMapping(table, 'pipedrive'));
    expect(report.fileProblem?.code).toBe('tooManyStages');
    expect(report.history).toBeNull();
  });
});

describe('what is imported is what the scorecard command reads', () => {
  it.each(['pipedrive-deals.csv', 'pipedrive-deals-eu.csv', 'hubspot-deals.csv', 'salesforce-opportunity-history.csv'])('%s passes validateHistory, through the file format and back', async (name) => {
    const history = historyOf((await importFixture(name, { playbook: salesPlaybook(), defaultRotDays: 21 })).report);
    const text = serializeHistory(history);
    expect(validateHistory(JSON.parse(text))).toEqual(history);
    expect(parseHistoryText(text)).toEqual(history);
  });

  const complete = (metrics: Metrics) => {
    for (const key of ['winRateCount', 'winRateValue', 'avgWonValue', 'medianCycleDays', 'meanCycleDays', 'velocityPerDay', 'activitiesPerDeal'] as const) expect(metrics[key], key).not.toBeNull();
    for (const [pipeline, conversions] of Object.entries(metrics.stageConversion)) {
      for (const [stage, value] of Object.entries(conversions)) expect(value, `${pipeline}/${stage}`).not.toBeNull();
    }
    expect(metrics.won).toBeGreaterThan(0);
    expect(metrics.lost).toBeGreaterThan(0);
    expect(metrics.open).toBeGreaterThan(0);
    expect(metrics.openValue).toBeGreaterThan(0);
    expect(metrics.weightedPipeline).toBeGreaterThan(0);
  };

  it.each(['pipedrive-deals.csv', 'hubspot-deals.csv', 'salesforce-opportunity-history.csv'])('computeScorecard on %s gives every measure the data allows', async (name) => {
    const history = historyOf((await importFixture(name)).report);
    const scorecard = computeScorecard(history, scorecardOptions({ asOf: '2026-03-05' }, new Date('2026-03-05T12:00:00Z')));
    complete(scorecard.team);
    // No forecasts in a CRM export: there is nothing to measure accuracy against.
    expect(scorecard.team.forecastAccuracy).toEqual({});
    expect(Object.keys(scorecard.owners).sort()).toEqual(importFixtureOwners(history));
  });

  it('figures hand-checked on the Pipedrive export', async () => {
    const history = historyOf((await importFixture('pipedrive-deals.csv', { playbook: salesPlaybook(), defaultRotDays: 21 })).report);
    const { team, owners } = computeScorecard(history, scorecardOptions({ asOf: '2026-03-05' }, new Date('2026-03-05T12:00:00Z')));
    // Won: 103 (30 000), 105 (50 000), 109 (4 000), 111 (45 000), 113 (18 000); lost: 104 (15 000), 107 (7 000), 112 (0).
    expect(team.won).toBe(5);
    expect(team.lost).toBe(3);
    expect(team.winRateCount).toBeCloseTo(5 / 8);
    expect(team.winRateValue).toBeCloseTo(147_000 / 169_000);
    expect(team.avgWonValue).toBeCloseTo(147_000 / 5);
    expect(team.open).toBe(5);
    expect(team.openValue).toBeCloseTo(12000 + 8500.5 + 22000 + 9900 + 60000);
    // Weighted: 101 qualified 0.1, 102 contact 0.2, 106 negotiation 0.8, 108 demo 0.4; 110 Partners/intro 0.25.
    expect(team.weightedPipeline).toBeCloseTo(12000 * 0.1 + 8500.5 * 0.2 + 22000 * 0.8 + 9900 * 0.4 + 60000 * 0.25);
    // Stalled on 2026-03-05: 101 in Qualified 58.6 days (14 allowed), 102 in Contact 43.4 (10), 106 in
    // Negotiation 22.4 (5), 110 in Partners/Intro 29.6 (the team default, 21); 108 in Demo 20.6 (21): not yet.
    expect(team.stalled).toBe(4);
    expect(computeScorecard(history, scorecardOptions({ asOf: '2026-03-06' }, new Date())).team.stalled).toBe(5);
    expect(owners['Anna Berg']!.won).toBe(2);
    expect(owners['Anna Berg']!.lost).toBe(1);
  });
});

const importFixtureOwners = (history: History) => [...new Set(history.deals.map((d) => d.owner))].sort();

describe('the scorecard JSON file', () => {
  it('is accepted as the scorecard command reads it', () => {
    const report = importHistoryJson(fixture('scorecard.json'));
    const history = historyOf(report);
    expect(history).toEqual(parseHistoryText(fixture('scorecard.json')));
    expect(report.summary).toMatchObject({ deals: 2, open: 1, won: 1, lost: 0, owners: ['Anna', 'Ben'] });
    expect(history.activities).toHaveLength(1);
    expect(history.forecasts).toEqual([{ owner: 'Anna', period: '2026-Q1', amount: 1200 }]);
  });

  it('a bad file is refused with the exact path', () => {
    expect(importHistoryJson(fixture('scorecard-unknown-stage.json'))).toMatchObject({
      history: null,
      fileProblem: { code: 'notHistory', detail: 'deals[0].stageHistory[1].stage: "demo" is not a stage of pipeline "new"' },
    });
  });

  it.each([
    ['{"version":1,"__proto__":{"polluted":true},"pipelines":[],"deals":[]}', 'forbiddenKey', '__proto__: the key "__proto__" is not allowed'],
    ['{"version":1,"pipelines":[', 'truncated', /ends too early/],
    ['{oops}', 'invalidJson', /./],
    ['[]', 'notHistory', /expected an object/],
    ['\uFEFF{"version":3}', 'notHistory', 'version: expected 1 or 2'],
  ])('%j → %s', (text, code, detail) => {
    const report = importHistoryJson(text);
    expect(report.history).toBeNull();
    expect(report.fileProblem?.code).toBe(code);
    if (typeof detail === 'string') expect(report.fileProblem?.detail).toBe(detail);
    else expect(report.fileProblem?.detail).toMatch(detail);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('prototype pollution', () => {
  it('columns named __proto__/constructor are ignored and pollute nothing; such owner values are refused', async () => {
    const csv = [
      '__proto__,constructor,prototype,Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created',
      '"{""polluted"":true}",x,y,A,Ann,Demo,Open,2026-01-01',
      '"{""polluted"":true}",x,y,B,Ben,constructor,Open,2026-01-01',
    ].join('\n');
    const table = parseCsv(csv);
    const report = await convertTable(table, detectMapping(table, 'pipedrive'));
    expect(report.problems.map((p) => p.message)).toEqual(['line 3: Deal - Stage "constructor" is not allowed']);
    const ok = await convertTable(parseCsv(csv.split('\n').slice(0, 2).join('\n')), detectMapping(table, 'pipedrive'));
    expect(historyOf(ok).deals).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('chunked conversion', () => {
  it('reports growing progress up to the total and yields between chunks; the result does not depend on the chunk size', async () => {
    const table = parseCsv(fixture('salesforce-opportunity-history.csv'));
    const mapping = detectMapping(table, 'salesforce');
    const progress: [number, number][] = [];
    let yields = 0;
    const small = await convertTable(table, mapping, {
      chunkRows: 2,
      onProgress: (done, total) => progress.push([done, total]),
      yieldToLoop: async () => void yields++,
    });
    expect(yields).toBeGreaterThan(10);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
    expect(progress.at(-1)).toEqual([table.rows.length * 3, table.rows.length * 3]);
    expect(small).toEqual(await convertTable(table, mapping));
  });

  it('stops when aborted (a newer file was picked)', async () => {
    const table = parseCsv(fixture('pipedrive-deals.csv'));
    const abort = new AbortController();
    const promise = convertTable(table, detectMapping(table, 'pipedrive'), { chunkRows: 2, signal: abort.signal, yieldToLoop: async () => abort.abort(new Error('newer file')) });
    await expect(promise).rejects.toThrow('newer file');
  });
});

describe('more of what the exports say', () => {
  it('Salesforce: a report that starts mid-way keeps the stage the opportunity was created in', async () => {
    const csv = [
      'Opportunity Owner,Opportunity Name,Opportunity ID,Created Date,From Stage,To Stage,Amount,Close Date,Stage Change Date',
      'Ann,Acme,006A,1/2/2026,Qualification,Proposal/Price Quote,"1,000.00",3/31/2026,2/1/2026',
      'Ann,Acme,006A,1/2/2026,Proposal/Price Quote,Closed Lost,"1,000.00",2/20/2026,2/20/2026',
    ].join('\r\n');
    const table = parseCsv(csv);
    const history = historyOf(await convertTable(table, detectMapping(table, 'salesforce')));
    const deal = history.deals[0]!;
    expect(deal).toMatchObject({ id: 'salesforce:006A', status: 'lost', value: 1000 });
    expect(path(deal)).toEqual(['qualification@2026-01-02T00:00:00.000Z', 'proposal-price-quote@2026-02-01T00:00:00.000Z']);
    expect(iso(deal.closedAt)).toBe('2026-02-20T00:00:00.000Z');
  });

  it('HubSpot: "Is closed won" / "Is closed" columns decide over the stage label; closed but neither is a problem', async () => {
    const csv = [
      'Record ID,Deal Name,Deal Stage,Deal owner,Create Date,Close Date,Is Closed Won,Is closed',
      '1,Renamed won stage,Signed,Ann,2026-01-01,2026-02-01,true,true',
      '2,Renamed lost stage,Gone,Ann,2026-01-01,2026-02-02,false,true',
      '3,Open,Demo,Ann,2026-01-01,2026-03-01,false,false',
      '4,Closed but unclear,Signed,Ann,2026-01-01,2026-02-01,,true',
    ].join('\n');
    const table = parseCsv(csv);
    const report = await convertTable(table, detectMapping(table, 'hubspot'));
    expect(report.problems.map((p) => p.message)).toEqual(['line 5: the deal is closed but neither won nor lost (Deal Stage "Signed")']);
    const fixed = historyOf(await convertTable(parseCsv(csv.split('\n').slice(0, 4).join('\n')), detectMapping(table, 'hubspot')));
    expect(fixed.deals.map((d) => [d.id, d.status, iso(d.closedAt)])).toEqual([
      ['hubspot:1', 'won', '2026-02-01T00:00:00.000Z'],
      ['hubspot:2', 'lost', '2026-02-02T00:00:00.000Z'],
      ['hubspot:3', 'open', null],
    ]);
  });

  it('an empty owner becomes the unknown owner, a missing id the line; the same close day as creation is fine', async () => {
    const csv = 'Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time\nA,,Demo,Won,2026-01-05 15:00,2026-01-05\n';
    const table = parseCsv(csv);
    const deal = historyOf(await convertTable(table, detectMapping(table, 'pipedrive'))).deals[0]!;
    expect(deal).toMatchObject({ id: 'pipedrive:line-2', owner: '—', status: 'won' });
    expect(iso(deal.closedAt)).toBe('2026-01-05T15:00:00.000Z');
  });
});
