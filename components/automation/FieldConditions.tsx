import { useEffect, useId, useState } from 'preact/hooks';
import { FIELD_NAME, type FieldCondition } from '@/lib/automation/rules';
import { useI18n } from '../i18n';

const splitValues = (text: string) => text.split(',').map((v) => v.trim()).filter(Boolean);

function ValuesInput({ id, values, onChange }: { id: string; values: string[]; onChange(values: string[]): void }) {
  const [text, setText] = useState(values.join(', '));
  useEffect(() => {
    if (splitValues(text).join('\n') !== values.join('\n')) setText(values.join(', '));
    // Only an outside change rewrites the text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values.join('\n')]);
  return (
    <input
      id={id}
      type="text"
      value={text}
      data-testid="condition-values"
      onInput={(e) => {
        setText(e.currentTarget.value);
        onChange(splitValues(e.currentTarget.value));
      }}
    />
  );
}

/** "Country is Norway or Sweden": any field the CRM holds, each with the values it may have. */
export function FieldConditions({ value, onChange, ruleName }: { value: FieldCondition[]; onChange(next: FieldCondition[]): void; ruleName: string }) {
  const { t } = useI18n();
  const id = useId();
  const set = (i: number, next: FieldCondition) => onChange(value.map((c, j) => (j === i ? next : c)));
  return (
    <div class="automation-conditions" data-testid="field-conditions">
      {value.map((condition, i) => {
        const badName = condition.field !== '' && !FIELD_NAME.test(condition.field);
        return (
          <div class="field-row automation-condition" key={i} data-testid="field-condition">
            <div class={`field${badName ? ' field--invalid' : ''}`}>
              <label for={`${id}-${i}-field`}>{t('automation.condition.field')}</label>
              <input id={`${id}-${i}-field`} type="text" value={condition.field} aria-invalid={badName} aria-describedby={badName ? `${id}-${i}-field-error` : `${id}-hint`} data-testid="condition-field" onInput={(e) => set(i, { ...condition, field: e.currentTarget.value.trim() })} />
              {badName ? (
                <p class="field-error" id={`${id}-${i}-field-error`}>
                  {t('automation.condition.fieldError')}
                </p>
              ) : null}
            </div>
            <div class="field">
              <label for={`${id}-${i}-values`}>{t('automation.condition.values')}</label>
              <ValuesInput id={`${id}-${i}-values`} values={condition.values} onChange={(values) => set(i, { ...condition, values })} />
            </div>
            <button type="button" class="link" aria-label={t('automation.condition.remove', { field: condition.field || '…', rule: ruleName })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
              {t('automation.remove')}
            </button>
          </div>
        );
      })}
      <p class="field-hint" id={`${id}-hint`}>
        {t('automation.condition.hint')}
      </p>
      <button type="button" onClick={() => onChange([...value, { field: '', values: [] }])} data-testid="add-condition">
        {t('automation.condition.add')}
      </button>
    </div>
  );
}
