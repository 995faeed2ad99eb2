import { describe, expect, it } from 'vitest';
import { mappingKey, mappingTarget, matchPipeline, matchStage, matchStageIn, normalizeLabel, outcomeStage, parseMappingTarget } from '@/lib/playbook/match';
import { TEMPLATES } from '@/lib/playbook/templates';
import { playbookSchema, type Playbook } from '@/lib/model/playbook.schema';

const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
const pipeline = playbook.pipelines[0]!;

/** Two pipelines; the second has its own "Proposal" stage and Pipedrive pipeline alias. */
const twoPipelines: Playbook = playbookSchema.parse({
  id: 'two',
  name: 'Two',
  updatedAt: '2026-01-01T00:00:00Z',
  pipelines: [
    { id: 'new', name: 'New business', stages: [{ id: 'intro', name: 'Intro' }, { id: 'proposal', name: 'Proposal', aliases: { pipedrive: ['Offer out'] } }] },
    { id: 'renewals', name: 'Renewals', aliases: { pipedrive: ['Renewal pipeline'] }, stages: [{ id: 'review', name: 'Usage review' }, { id: 'proposal', name: 'Proposal', aliases: { pipedrive: ['Offer out'] } }] },
  ],
});

describe('normalizeLabel', () => {
  it.each([
    ['Qualifiée', 'qualifiee'],
    ['QUALIFIÉE', 'qualifiee'],
    ['Proposal/Price Quote', 'proposal price quote'],
    ['  Id.   Decision\tMakers ', 'id decision makers'],
    ['Decision maker bought-in', 'decision maker bought in'],
    ['Négociation / révision', 'negociation revision'],
    ['Angebot\u00a0gesendet', 'angebot gesendet'],
  ])('%s → %s', (label, normal) => {
    expect(normalizeLabel(label)).toBe(normal);
  });

  it('labels of symbols only keep their symbols (so they do not all match each other)', () => {
    expect(normalizeLabel('🔥')).toBe('🔥');
    expect(normalizeLabel('🔥')).not.toBe(normalizeLabel('🚀'));
  });
});

describe('matchStage', () => {
  it('ignores case, accents and punctuation', () => {
    expect(matchStage(playbook, 'salesforce', 'org', null, 'PROPOSAL / price quote', {})?.stage.id).toBe('proposal-sent');
    expect(matchStage(playbook, 'hubspot', 'p', null, 'closed-WON', {})?.stage.id).toBe('won');
    const accented = structuredClone(playbook);
    accented.pipelines[0]!.stages[1]!.aliases.hubspot.push('Qualifiée');
    expect(matchStage(accented, 'hubspot', 'p', null, 'qualifiee', {})?.stage.id).toBe('qualified');
  });

  it('uses the aliases of the deal’s own CRM only', () => {
    expect(matchStage(playbook, 'hubspot', 'p', null, 'Contract sent', {})).toMatchObject({ stage: { id: 'contract-sent' } });
    expect(matchStage(playbook, 'hubspot', 'p', null, 'Proposal Made', {})).toBeNull(); // a Pipedrive label
    expect(matchStage(playbook, 'pipedrive', 'acme', null, 'Proposal Made', {})).toMatchObject({ stage: { id: 'proposal-sent' }, by: 'alias' });
  });

  it('an alias beats another stage’s name (Pipedrive’s first stage is called “Qualified”)', () => {
    expect(matchStage(playbook, 'pipedrive', 'acme', null, 'Qualified', {})).toMatchObject({ stage: { id: 'discovery-booked' }, by: 'alias' });
    expect(matchStage(playbook, 'hubspot', 'p', null, 'Qualified', {})).toMatchObject({ stage: { id: 'qualified' }, by: 'name' });
  });

  it('a remembered mapping wins over aliases and names', () => {
    const mappings = { [mappingKey('pipedrive', 'ACME', 'Proposal Made')]: mappingTarget('new-business', 'contract-sent') };
    expect(matchStage(playbook, 'pipedrive', 'acme', null, 'proposal  made', mappings)).toMatchObject({ stage: { id: 'contract-sent' }, by: 'mapping' });
    // …for that CRM account only
    expect(matchStage(playbook, 'pipedrive', 'other', null, 'Proposal Made', mappings)?.stage.id).toBe('proposal-sent');
  });

  it('a mapping to a stage that no longer exists is ignored', () => {
    const mappings = { [mappingKey('pipedrive', 'acme', 'Legal review')]: 'new-business/gone', [mappingKey('pipedrive', 'acme', 'Proposal Made')]: 'garbage' };
    expect(matchStage(playbook, 'pipedrive', 'acme', null, 'Legal review', mappings)).toBeNull();
    expect(matchStage(playbook, 'pipedrive', 'acme', null, 'Proposal Made', mappings)?.by).toBe('alias');
  });

  it('inherited properties are never mappings', () => {
    expect(matchStage(playbook, 'pipedrive', 'acme', null, 'constructor', {})).toBeNull();
  });

  it('looks in the deal’s own pipeline first', () => {
    expect(matchStage(twoPipelines, 'pipedrive', 'a', 'Renewal pipeline', 'Offer out', {})).toMatchObject({ pipeline: { id: 'renewals' }, stage: { id: 'proposal' } });
    expect(matchStage(twoPipelines, 'pipedrive', 'a', 'Some other pipeline', 'Offer out', {})).toMatchObject({ pipeline: { id: 'new' } });
    // A stage only another pipeline has is still found.
    expect(matchStage(twoPipelines, 'pipedrive', 'a', null, 'Usage review', {})).toMatchObject({ pipeline: { id: 'renewals' }, stage: { id: 'review' }, by: 'name' });
  });

  it('no label, or an unknown one: null', () => {
    expect(matchStage(playbook, 'pipedrive', 'acme', null, null, {})).toBeNull();
    expect(matchStage(playbook, 'pipedrive', 'acme', null, '   ', {})).toBeNull();
    expect(matchStage(playbook, 'pipedrive', 'acme', null, 'Legal review', {})).toBeNull();
  });
});

describe('matchStageIn (one pipeline)', () => {
  it('remembered mapping → alias of that CRM → stage name', () => {
    const mappings = { 'salesforce:org:legal review': 'new-business/contract-sent' };
    expect(matchStageIn(pipeline, 'salesforce', 'Legal Review', mappings, 'ORG')?.id).toBe('contract-sent');
    expect(matchStageIn(pipeline, 'salesforce', 'Needs Analysis', {}, 'org')?.id).toBe('qualified');
    expect(matchStageIn(pipeline, 'salesforce', 'demo completed', {}, 'org')?.id).toBe('demo-completed');
    expect(matchStageIn(pipeline, 'salesforce', 'Legal review', {}, 'org')).toBeNull();
  });

  it('a mapping into another pipeline does not count here', () => {
    const mappings = { 'pipedrive:a:offer out': 'renewals/review' };
    expect(matchStageIn(twoPipelines.pipelines[0]!, 'pipedrive', 'Offer out', mappings, 'a')?.id).toBe('proposal');
    expect(matchStageIn(twoPipelines.pipelines[1]!, 'pipedrive', 'Offer out', mappings, 'a')?.id).toBe('review');
  });
});

describe('matchPipeline', () => {
  it('by alias of that CRM or by name, else the first pipeline', () => {
    expect(matchPipeline(twoPipelines, 'pipedrive', 'renewal PIPELINE').id).toBe('renewals');
    expect(matchPipeline(twoPipelines, 'hubspot', 'Renewal pipeline').id).toBe('new');
    expect(matchPipeline(twoPipelines, 'hubspot', 'Renewals').id).toBe('renewals');
    expect(matchPipeline(twoPipelines, 'hubspot', null).id).toBe('new');
  });
});

describe('mapping keys', () => {
  it('crm:account:normalised label, account in lower case', () => {
    expect(mappingKey('salesforce', 'ACME-Dev', 'Proposal/Price Quote')).toBe('salesforce:acme-dev:proposal price quote');
    expect(mappingKey('hubspot', '123', 'Qualifiée')).toBe(mappingKey('hubspot', '123', 'QUALIFIEE'));
  });

  it('targets are pipelineId/stageId', () => {
    expect(parseMappingTarget(mappingTarget('p', 's'))).toEqual({ pipelineId: 'p', stageId: 's' });
    for (const bad of ['', '/', 'p/', '/s', 'p/s/x', 'ps']) expect(parseMappingTarget(bad), bad).toBeNull();
  });

  it('outcome stages', () => {
    expect(outcomeStage(pipeline, 'won')?.id).toBe('won');
    expect(outcomeStage(pipeline, 'lost')?.id).toBe('lost');
  });
});
