// Salesforce's REST `query` / `queryAll` resources as the team sync reads them, rendered from a
// generated team: OpportunityStage, Opportunity with Owner.Name and the OpportunityHistories
// subquery (each row the opportunity's stage, amount, close date, probability and forecast category
// from then on; none before a deal's fieldHistoryFrom), Task and Event on opportunities, deleted records through queryAll, `LastModifiedDate >=`
// for incremental runs; pages of `pageSize` records with `nextRecordsUrl`. Checks the Bearer
// session; sends `Sforce-Limit-Info`. SOQL is recognised, not parsed: only the sync's own queries.

import { crmServer, json, type CrmServer, type LoggedRequest } from './server';
import { closeDateOf, fieldAt, type World, type WorldActivity, type WorldDeal } from './team';

export const SALESFORCE_TEST_TOKEN = '00D5e000000AbCd!AQcAQH0dMHEXAMPLESESSIONID';
const sfTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
const DATA = '/services/data/v60.0';

export function salesforceServer(world: World, options: { token?: string; pageSize?: number; multiCurrency?: boolean } = {}): CrmServer {
  const token = options.token ?? SALESFORCE_TEST_TOKEN;
  const pageSize = options.pageSize ?? 200;
  let used = 1200;
  /** Open cursors: locator → the remaining records. */
  const cursors = new Map<string, unknown[]>();
  let locators = 0;

  const answer = (records: unknown[]) => {
    const page = records.slice(0, pageSize);
    const rest = records.slice(pageSize);
    let nextRecordsUrl: string | undefined;
    if (rest.length) {
      const locator = `01g5e00000Loc${++locators}-${pageSize}`;
      cursors.set(locator, rest);
      nextRecordsUrl = `${DATA}/query/${locator}`;
    }
    return json({ totalSize: records.length + 0, done: !nextRecordsUrl, records: page, ...(nextRecordsUrl && { nextRecordsUrl }) });
  };
  const closedStage = (d: WorldDeal) => (d.status === 'won' ? 'Closed Won' : 'Closed Lost');
  const opportunity = (d: WorldDeal) => {
    const stages = world.pipelines[0]!.stages;
    const stageAt = (at: number) => (d.status !== 'open' && at >= d.closedAt! ? closedStage(d) : d.entries.filter((e) => e.at <= at).at(-1)!.stage);
    // Each row holds every tracked field as it is from that moment on.
    const row = (at: number) => {
      const stage = stageAt(at);
      const category = d.category !== undefined || d.fieldChanges?.some((c) => c.field === 'category') ? fieldAt(d, 'category', d.category ?? null, at) : stage === 'Closed Won' ? 'Closed' : stage === 'Closed Lost' ? 'Omitted' : 'Pipeline';
      return { attributes: { type: 'OpportunityHistory' }, StageName: stage, Amount: fieldAt(d, 'amount', d.value, at), CloseDate: fieldAt(d, 'closeDate', closeDateOf(d), at), Probability: Math.round(stages.find((s) => s.id === stage)!.probability * 100), ForecastCategory: category, CreatedDate: sfTime(at) };
    };
    const times = d.entries.map((e) => e.at);
    if (d.status !== 'open' && d.historyHasClose) times.push(d.closedAt!);
    // OpportunityHistory also logs amount changes: a row with the same stage.
    if (Number.parseInt(d.id.slice(3), 36) % 5 === 0) times.push(d.entries[0]!.at + 30_000);
    for (const change of d.fieldChanges ?? []) times.push(change.at);
    const history = [...new Set(times)].sort((a, b) => a - b).filter((at) => at >= (d.fieldHistoryFrom ?? -Infinity)).map(row);
    const owner = world.owners.find((o) => o.id === d.ownerId);
    return {
      attributes: { type: 'Opportunity', url: `${DATA}/sobjects/Opportunity/${d.id}` },
      Id: d.id,
      Name: d.title,
      Owner: owner ? { attributes: { type: 'User' }, Name: `${owner.firstName} ${owner.lastName}` } : null,
      StageName: d.status === 'open' ? d.entries.at(-1)!.stage : closedStage(d),
      Amount: d.value,
      ...(options.multiCurrency !== false && { CurrencyIsoCode: d.currency }),
      CloseDate: closeDateOf(d),
      CreatedDate: sfTime(d.createdAt),
      IsClosed: d.status !== 'open',
      IsWon: d.status === 'won',
      LeadSource: d.source,
      LastModifiedDate: sfTime(d.modifiedAt),
      OpportunityHistories: { totalSize: history.length, done: true, records: history },
    };
  };
  const activityOwner = (a: WorldActivity) => {
    const owner = world.owners.find((o) => o.id === a.ownerId);
    return owner ? { attributes: { type: 'User' }, Name: `${owner.firstName} ${owner.lastName}` } : null;
  };
  const dateAfter = (soql: string, field: string) => {
    const match = new RegExp(`${field} >= (\\S+?)\\)?(?: |$)`).exec(soql);
    return match ? Date.parse(match[1]!) : null;
  };

  function query(soql: string, all: boolean) {
    const changed = dateAfter(soql, 'LastModifiedDate');
    if (/FROM OpportunityStage\b/.test(soql)) {
      const stages = world.pipelines[0]!.stages;
      return answer(stages.map((s, i) => ({ attributes: { type: 'OpportunityStage' }, ApiName: s.id, MasterLabel: s.name, SortOrder: i + 1, DefaultProbability: s.probability * 100, IsClosed: s.closes !== null, IsWon: s.closes === 'won', IsActive: true })));
    }
    if (/FROM CurrencyType\b/.test(soql)) {
      // An org without multi-currency has no CurrencyType object at all.
      if (options.multiCurrency === false) return json([{ message: "\nSELECT IsoCode FROM CurrencyType\n ^\nERROR at Row:1:Column:30\nsObject type 'CurrencyType' is not supported.", errorCode: 'INVALID_TYPE' }], 400);
      // 1 corporate = ConversionRate units of IsoCode.
      const rows = [
        { IsoCode: world.money.company, ConversionRate: 1, IsCorporate: true },
        ...Object.entries(world.money.rates).map(([IsoCode, rate]) => ({ IsoCode, ConversionRate: Number((1 / rate).toFixed(6)), IsCorporate: false })),
      ];
      return answer(rows.map((r) => ({ attributes: { type: 'CurrencyType' }, ...r })));
    }
    if (/FROM Organization\b/.test(soql)) return answer([{ attributes: { type: 'Organization' }, DefaultCurrencyIsoCode: world.money.company }]);
    if (/IsDeleted = true/.test(soql)) {
      if (!all) return json([{ message: 'IsDeleted rows need queryAll', errorCode: 'MALFORMED_QUERY' }], 400);
      const object = /FROM (\w+)/.exec(soql)![1]!;
      const ids = object === 'Opportunity' ? world.deals.filter((d) => d.deleted && (changed === null || d.modifiedAt >= changed)).map((d) => d.id) : world.activities.filter((a) => a.deleted && (object === 'Event') === (a.type === 'meeting') && (changed === null || a.modifiedAt >= changed)).map((a) => a.id);
      return answer(ids.sort().map((Id) => ({ attributes: { type: object }, Id })));
    }
    if (/FROM Opportunity\b/.test(soql)) {
      if (options.multiCurrency === false && soql.includes('CurrencyIsoCode')) return json([{ message: "\nCurrencyIsoCode, CloseDate\n ^\nERROR at Row:1:Column:60\nNo such column 'CurrencyIsoCode' on entity 'Opportunity'.", errorCode: 'INVALID_FIELD' }], 400);
      const since = dateAfter(soql, 'CreatedDate');
      const deals = world.deals
        .filter((d) => !d.deleted)
        .filter((d) => (changed !== null && since === null ? d.modifiedAt >= changed : d.status === 'open' || since === null || d.createdAt >= since || d.modifiedAt >= since))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return answer(deals.map(opportunity));
    }
    if (/FROM (Task|Event)\b/.test(soql)) {
      const events = /FROM Event\b/.test(soql);
      const rows = world.activities.filter((a) => !a.deleted && (a.type === 'meeting') === events && (changed === null || a.modifiedAt >= changed)).sort((a, b) => (a.id < b.id ? -1 : 1));
      return answer(
        rows.map((a) =>
          events
            ? { attributes: { type: 'Event' }, Id: a.id, WhatId: a.dealId, Owner: activityOwner(a), StartDateTime: sfTime(a.at), ActivityDate: new Date(a.at).toISOString().slice(0, 10) }
            : { attributes: { type: 'Task' }, Id: a.id, WhatId: a.dealId, Owner: activityOwner(a), TaskSubtype: a.type === 'call' ? 'Call' : a.type === 'email' ? 'Email' : 'Task', ActivityDate: new Date(a.at).toISOString().slice(0, 10), CompletedDateTime: sfTime(a.at), CreatedDate: sfTime(a.at - 60_000), ...(/\bDescription\b/.test(soql) && { Description: a.body ?? null }) },
        ),
      );
    }
    return json([{ message: `unexpected query: ${soql}`, errorCode: 'MALFORMED_QUERY' }], 400);
  }

  return crmServer(
    (request: LoggedRequest) => {
      used++;
      if (request.headers.get('authorization') !== `Bearer ${token}`) return json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401);
      const path = request.url.pathname;
      if (path === `${DATA}/query` || path === `${DATA}/queryAll`) return query(request.url.searchParams.get('q') ?? '', path.endsWith('queryAll'));
      const more = new RegExp(`^${DATA}/query/(.+)$`).exec(path);
      if (more) {
        const rest = cursors.get(more[1]!);
        if (!rest) return json([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }], 400);
        cursors.delete(more[1]!);
        return answer(rest);
      }
      return json([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }], 404);
    },
    () => ({ 'sforce-limit-info': `api-usage=${used}/15000` }),
  );
}
