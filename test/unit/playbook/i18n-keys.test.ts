import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateDeal, type DealGuidance } from '@/lib/playbook/engine';
import { PLAYBOOK_I18N_DEFAULTS, PLAYBOOK_I18N_KEYS, placeholdersOf } from '@/lib/playbook/i18n-keys';
import { TEMPLATES } from '@/lib/playbook/templates';
import { playbook as catalog } from '@/lib/i18n/messages/playbook';
import type { DealSnapshot } from '@/lib/model/deal';
import type { Activity, StageVisit } from '@/lib/model/records.schema';

// Every key the engine returns is listed with an English default whose placeholders are exactly
// the params the engine passes; keys the catalog already has keep the catalog's placeholders.

const dealKey = 'hubspot:1:9';
const snapshot = (stage: string, extra: Partial<DealSnapshot> = {}): DealSnapshot => ({
  crm: 'hubspot', dealId: '9', title: 'T', pipeline: null, stage, stages: [], value: null, currency: null, owner: null, closeDate: '2026-01-01', status: 'open', ...extra,
});
const visit = (stage: string, enteredAt: string): StageVisit => ({ dealKey, stage, enteredAt, source: 'observed' });
const activity = (type: Activity['type'], at: string): Activity => ({ id: `${type}-${at}`, dealKey, type, outcome: null, note: '', at, nextStep: null, owner: null, sync: 'local', crmRefs: null });

/** Every stage of every template, early (nothing done) and late (everything logged, overdue, stalled). */
function scenarios(): DealGuidance[] {
  const out: DealGuidance[] = [];
  for (const template of TEMPLATES) {
    const playbook = template.build(new Date('2026-01-01T00:00:00Z'));
    for (const stage of playbook.pipelines[0]!.stages) {
      const label = stage.name;
      const base = { playbook, account: '1', dealKey, visits: [visit(label, '2026-11-01T09:00:00Z')], mappings: {}, defaultRotDays: 21 };
      out.push(evaluateDeal({ ...base, snapshot: snapshot(label), checklist: [], activities: [], now: new Date('2026-11-01T10:00:00Z') }));
      out.push(evaluateDeal({ ...base, snapshot: snapshot(label), checklist: [], activities: [], now: new Date('2026-11-04T10:00:00Z') }));
      const all = (['call', 'email', 'meeting', 'demo', 'proposal'] as const).map((t) => activity(t, '2026-11-02T09:00:00Z'));
      const checklist = stage.goal.flatMap((c) => (c.kind === 'manual' ? [{ dealKey, stageId: stage.id, taskId: `manual:${c.id}`, state: 'done' as const, at: '2026-11-02T09:00:00Z', by: 'hand' as const, evidenceActivityId: null }] : []));
      out.push(evaluateDeal({ ...base, snapshot: snapshot(label, { value: 1, owner: 'A', closeDate: '2027-01-01' }), checklist, activities: all, now: new Date('2026-12-30T10:00:00Z') }));
    }
  }
  return out;
}

const used = (g: DealGuidance) => [...g.nextSteps.map((s) => ({ key: s.key, params: s.params })), ...g.goal.map((c) => c.reason)];

describe('playbook i18n keys', () => {
  it('lists each key once, each with an English default', () => {
    expect(new Set(PLAYBOOK_I18N_KEYS).size).toBe(PLAYBOOK_I18N_KEYS.length);
    expect(Object.keys(PLAYBOOK_I18N_DEFAULTS).sort()).toEqual([...PLAYBOOK_I18N_KEYS].sort());
    for (const key of PLAYBOOK_I18N_KEYS) expect(PLAYBOOK_I18N_DEFAULTS[key].trim(), key).not.toBe('');
  });

  it('every key the engine returns is listed, with exactly the params its text uses', () => {
    const seen = new Set<string>();
    for (const g of scenarios()) {
      for (const { key, params } of used(g)) {
        expect(PLAYBOOK_I18N_KEYS, key).toContain(key);
        expect(Object.keys(params).sort(), key).toEqual(expect.arrayContaining(placeholdersOf(PLAYBOOK_I18N_DEFAULTS[key])));
        seen.add(key);
      }
    }
    // The scenarios reach most keys; the rest are covered by engine.test.ts.
    expect(seen.size).toBeGreaterThan(10);
  });

  it('template names and descriptions are keys, not English', () => {
    for (const template of TEMPLATES) {
      expect(PLAYBOOK_I18N_KEYS).toContain(template.nameKey);
      expect(PLAYBOOK_I18N_KEYS).toContain(template.descriptionKey);
    }
  });

  it('keys already in the message catalog use the same placeholders there', () => {
    const en = catalog.en as Record<string, string>;
    for (const key of PLAYBOOK_I18N_KEYS) {
      if (key in en) expect(placeholdersOf(en[key]!), key).toEqual(placeholdersOf(PLAYBOOK_I18N_DEFAULTS[key]));
    }
  });
});

describe('the engine is pure', () => {
  it('no browser APIs, globals or hidden clocks in lib/playbook', () => {
    const dir = join(__dirname, '../../../lib/playbook');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const forbidden of [/\bchrome\./, /\bbrowser\./, /\bwindow\b/, /\bdocument\b/, /\blocalStorage\b/, /\bindexedDB\b/, /\bfetch\(/, /Date\.now\(/, /new Date\(\)/, /\bMath\.random\(/, /innerHTML/, /from ['"](?!\.{1,2}\/)(?!zod['"])/]) {
        expect(forbidden.test(source), `${file}: ${forbidden}`).toBe(false);
      }
    }
  });
});
