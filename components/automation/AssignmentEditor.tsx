import { draftProblemText } from './format';
import { causeText, type Cause } from '@/lib/i18n/cause';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { saveAssignmentSettings } from '@/lib/db/automation';
import { parseAssignmentSettings, type AssignmentRule, type AssignmentSettings } from '@/lib/automation/rules';
import type { Rep } from '@/lib/automation/types';
import type { SyncedPipeline } from '@/lib/team-sync/types';
import { useI18n } from '../i18n';
import { storageErrorText } from '../options/fields';
import { GroupsEditor } from './GroupsEditor';
import { RuleCard } from './RuleCard';
import { TargetPicker } from './TargetPicker';
import { TriggerSettings } from './TriggerSettings';

export interface AssignmentEditorProps {
  db: StagecraftDb;
  stored: AssignmentSettings;
  /** A stored value that no longer reads (kept as it is until the manager saves new rules). */
  storedProblem: Cause | null;
  reps: readonly Rep[] | null;
  pipelines: readonly SyncedPipeline[];
  movesPipelines: boolean;
  now: () => Date;
  /** Whether there are unsaved changes (the dry run uses the saved rules). */
  onUnsavedChange?(unsaved: boolean): void;
}

/** The rules in order (first match wins), the default, the groups and the triggers; saved with Save. */
export function AssignmentEditor({ db, stored, storedProblem, reps, pipelines, movesPipelines, now, onUnsavedChange }: AssignmentEditorProps) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<AssignmentSettings>(stored);
  const [dirty, setDirty] = useState(false);
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const counter = useRef(0);
  const storedJson = JSON.stringify(stored);
  useEffect(() => {
    // Saved elsewhere (another tab, a restore) while nothing is being edited here: show it.
    if (!dirty) setDraft(stored);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storedJson]);

  useEffect(() => onUnsavedChange?.(dirty), [dirty, onUnsavedChange]);

  const edit = (next: Partial<AssignmentSettings>) => {
    setDraft((d) => ({ ...d, ...next }));
    setDirty(true);
    setStatus(null);
  };
  const newId = (prefix: string) => `${prefix}-${now().getTime().toString(36)}-${(counter.current++).toString(36)}`;
  const markInvalid = (key: string, bad: boolean) =>
    setInvalid((s) => {
      if (s.has(key) === bad) return s;
      const next = new Set(s);
      if (bad) next.add(key);
      else next.delete(key);
      return next;
    });
  const setRule = (i: number, rule: AssignmentRule) => edit({ rules: draft.rules.map((r, j) => (j === i ? rule : r)) });
  const moveRule = (i: number, delta: -1 | 1) => {
    const rules = [...draft.rules];
    const [rule] = rules.splice(i, 1);
    rules.splice(i + delta, 0, rule!);
    edit({ rules });
  };
  const addRule = () => {
    const assign = reps?.[0] ? { kind: 'owner' as const, ownerId: reps[0].id } : draft.groups[0] ? { kind: 'roundRobin' as const, groupId: draft.groups[0].id } : { kind: 'owner' as const, ownerId: '' };
    edit({ rules: [...draft.rules, { id: newId('rule'), name: t('automation.rule.newName', { n: draft.rules.length + 1 }), when: { pipeline: null, stage: null, minValue: null, maxValue: null, fields: [] }, assign, move: null }] });
  };

  const save = async () => {
    if (invalid.size) return setStatus({ tone: 'error', text: t('automation.save.fixValues') });
    const parsed = parseAssignmentSettings(draft);
    if (!parsed.ok) return setStatus({ tone: 'error', text: t('automation.save.invalid', { problem: draftProblemText(t, locale, parsed.problem) }) });
    try {
      const saved = await saveAssignmentSettings(db, parsed.value, now());
      setDraft(saved);
      setDirty(false);
      setStatus({ tone: 'ok', text: t('automation.save.saved') });
    } catch (error) {
      setStatus({ tone: 'error', text: storageErrorText(t, error) });
    }
  };

  return (
    <form class="automation-editor" data-testid="assignment-editor" onSubmit={(e) => (e.preventDefault(), void save())}>
      {storedProblem ? (
        <p class="error" role="alert" data-testid="assignment-stored-problem">
          {t('automation.storedProblem', { detail: causeText(storedProblem, t, locale) })}
        </p>
      ) : null}
      <TriggerSettings value={draft} pipelines={pipelines} onChange={edit} />
      <h3>{t('automation.rules.title')}</h3>
      <p class="field-hint">{t('automation.rules.hint')}</p>
      {draft.rules.length === 0 ? <p class="muted">{t('automation.rules.none')}</p> : null}
      <ol class="plain-list" data-testid="assignment-rules">
        {draft.rules.map((rule, i) => (
          <RuleCard
            key={rule.id}
            rule={rule}
            position={i}
            count={draft.rules.length}
            pipelines={pipelines}
            reps={reps}
            groups={draft.groups}
            movesPipelines={movesPipelines}
            onChange={(next) => setRule(i, next)}
            onMove={(delta) => moveRule(i, delta)}
            onRemove={() => edit({ rules: draft.rules.filter((_, j) => j !== i) })}
            onInvalid={markInvalid}
          />
        ))}
      </ol>
      <button type="button" class="add-button" data-testid="add-rule" onClick={addRule}>
        {t('automation.rules.add')}
      </button>
      <TargetPicker label={t('automation.fallback')} allowNone value={draft.fallback} reps={reps} groups={draft.groups} onChange={(fallback) => edit({ fallback })} />
      <GroupsEditor groups={draft.groups} reps={reps} onChange={(groups) => edit({ groups })} newId={() => newId('group')} />
      <div class="actions">
        <button type="submit" class="primary" data-testid="assignment-save">
          {t('automation.save')}
        </button>
        <button type="button" disabled={!dirty} onClick={() => (setDraft(stored), setDirty(false), setInvalid(new Set()), setStatus(null))}>
          {t('automation.discard')}
        </button>
      </div>
      <p class={status?.tone === 'error' ? 'field-error' : 'live-status'} role="status" aria-live="polite" data-testid="assignment-save-status">
        {status?.text ?? (dirty ? t('automation.save.unsaved') : '')}
      </p>
    </form>
  );
}
