import { useEffect, useRef, useState } from 'preact/hooks';
import type { Stage } from '@/lib/model/playbook.schema';
import { useI18n } from '../i18n';
import { stagePath } from './editing';

export interface StageListProps {
  pipelineIndex: number;
  stages: readonly Stage[];
  selected: number;
  readOnly: boolean;
  /** Stage ids with a validation error anywhere inside, to flag them in the list. */
  invalidStages: ReadonlySet<number>;
  onSelect(index: number): void;
  onMove(from: number, to: number): void;
  onDelete(index: number): void;
  onAdd(): void;
  canAdd: boolean;
  /** Focus this stage's button after the next render (after a move, an undo, an add). */
  focusStageId: string | null;
  onFocused(): void;
}

/** The stages of a pipeline: select, reorder (drag and drop, buttons, Alt+↑/↓), delete. */
export function StageList(props: StageListProps) {
  const { t } = useI18n();
  const { stages, selected, readOnly, pipelineIndex } = props;
  const listRef = useRef<HTMLOListElement>(null);
  const dragFrom = useRef<number | null>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);

  useEffect(() => {
    if (!props.focusStageId) return;
    const button = listRef.current?.querySelector<HTMLElement>(`[data-stage-id="${props.focusStageId.replace(/["\\]/g, '\\$&')}"]`);
    button?.focus();
    props.onFocused();
  });

  const keyDown = (index: number) => (event: KeyboardEvent) => {
    if (readOnly || !event.altKey) return;
    if (event.key === 'ArrowUp' && index > 0) {
      event.preventDefault();
      props.onMove(index, index - 1);
    } else if (event.key === 'ArrowDown' && index < stages.length - 1) {
      event.preventDefault();
      props.onMove(index, index + 1);
    }
  };

  return (
    <div class="stage-list">
      <h3 id="stage-list-title">{t('options.editor.stages')}</h3>
      {readOnly ? null : <p class="field-hint" id="stage-list-hint">{t('options.editor.stagesHint')}</p>}
      <ol ref={listRef} aria-labelledby="stage-list-title" data-testid="stage-list" data-path={`pipelines[${pipelineIndex}].stages`} tabIndex={-1}>
        {stages.map((stage, index) => (
          <li
            key={stage.id}
            class={`stage-item${index === selected ? ' stage-item--selected' : ''}${dropTarget === index ? ' stage-item--drop' : ''}${props.invalidStages.has(index) ? ' stage-item--invalid' : ''}`}
            draggable={!readOnly}
            data-testid="stage-item"
            onDragStart={(event) => {
              dragFrom.current = index;
              event.dataTransfer?.setData('text/plain', String(index));
              if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(event) => {
              if (readOnly || dragFrom.current === null) return;
              event.preventDefault();
              if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
              setDropTarget(index);
            }}
            onDragLeave={() => setDropTarget((current) => (current === index ? null : current))}
            onDrop={(event) => {
              event.preventDefault();
              const from = dragFrom.current ?? Number(event.dataTransfer?.getData('text/plain'));
              dragFrom.current = null;
              setDropTarget(null);
              if (Number.isInteger(from) && from !== index) props.onMove(from, index);
            }}
            onDragEnd={() => {
              dragFrom.current = null;
              setDropTarget(null);
            }}
          >
            {readOnly ? null : <span class="stage-item__grip" aria-hidden="true">⋮⋮</span>}
            <button
              type="button"
              class="stage-item__select"
              data-stage-id={stage.id}
              data-path={stagePath(pipelineIndex, index)}
              aria-current={index === selected ? 'true' : undefined}
              aria-describedby={readOnly ? undefined : 'stage-list-hint'}
              onClick={() => props.onSelect(index)}
              onKeyDown={keyDown(index)}
            >
              <span class="stage-item__position" aria-hidden="true">{index + 1}.</span> {stage.name.trim() || '—'}
            </button>
            {readOnly ? null : (
              <span class="stage-item__actions">
                <button type="button" class="icon-button" aria-label={t('options.editor.moveUp', { name: stage.name })} title={t('options.editor.moveUp', { name: stage.name })} disabled={index === 0} onClick={() => props.onMove(index, index - 1)}>↑</button>
                <button type="button" class="icon-button" aria-label={t('options.editor.moveDown', { name: stage.name })} title={t('options.editor.moveDown', { name: stage.name })} disabled={index === stages.length - 1} onClick={() => props.onMove(index, index + 1)}>↓</button>
                <button type="button" class="icon-button icon-button--danger" aria-label={t('options.editor.deleteStage', { name: stage.name })} title={t('options.editor.deleteStage', { name: stage.name })} disabled={stages.length <= 1} onClick={() => props.onDelete(index)}>✕</button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <button type="button" class="add-button" onClick={props.onAdd} disabled={!props.canAdd} data-testid="add-stage">
          + {t('options.editor.addStage')}
        </button>
      )}
    </div>
  );
}
