import { editorIssues } from '@/lib/playbook/editor-issues';
import { learnedKey, type LearnedRotDays } from '@/lib/metrics/learned-rot';
import { lowestConversionStage, type TeamConversion } from '@/lib/rewards/hard-stage';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { saveEditedPlaybook } from '@/lib/db/playbook-edits';
import { activeLocalPlaybook } from '@/lib/db/playbooks';
import { equal, mergeValues, reorderAt, samePath, setAt, type MergeConflict } from '@/lib/playbook/merge';
import { CRM_ALIAS_KEYS, playbookSchema, type Pipeline, type Playbook, type Stage } from '@/lib/model/playbook.schema';
import { checkPlaybook, type FindingPath } from '@/lib/checker';
import { useI18n } from '../i18n';
import { CRM_LABEL_KEYS, Field, IssuesContext, LinesInput, LiveStatus, storageErrorText } from './fields';
import { copy, findFieldFor, MAX_PIPELINES, MAX_STAGES, move, newPipeline, newStage, pipelinePath } from './editing';
import { StageList } from './StageList';
import { StageEditor } from './StageEditor';
import { CheckerPanel } from './CheckerPanel';
import { ConflictPanel } from './ConflictPanel';

export type SaveState = { kind: 'saved' } | { kind: 'merged' } | { kind: 'conflict' } | { kind: 'pending' } | { kind: 'invalid'; error: string } | { kind: 'failed'; error: string };

/** Lets the page save pending edits before it replaces the playbook (import, template). */
export interface EditorControl {
  flush(): Promise<void>;
}

export interface PlaybookEditorProps {
  db: StagecraftDb;
  stored: Playbook;
  readOnly: boolean;
  defaultRotDays: number;
  /** Stall limits learned from the team's history, shown where a stage has no rot days. */
  learnedRotDays?: LearnedRotDays;
  /** The team's conversion per stage: the editor says which stage the team converts worst at. */
  teamConversion?: TeamConversion;
  /** Edits are written this long after the last change. */
  debounceMs?: number;
  now?: () => Date;
  control?: { current: EditorControl | null };
}

type Undo = { message: string; restore: () => void } | null;


/**
 * The playbook editor. Edits go to a draft; ~300 ms after the last one the draft is validated
 * with the playbook schema and, only if valid, written to IndexedDB (where the side panel's live
 * query picks it up). An invalid draft shows each error next to its field and is never written.
 */
export function PlaybookEditor({ db, stored, readOnly, defaultRotDays, learnedRotDays = {}, teamConversion = {}, debounceMs = 300, now = () => new Date(), control }: PlaybookEditorProps) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Playbook>(() => copy(stored));
  const [issues, setIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [pipelineIndex, setPipelineIndex] = useState(0);
  const [stageIndex, setStageIndex] = useState(0);
  const [undo, setUndo] = useState<Undo>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusStageId, setFocusStageId] = useState<string | null>(null);
  const [focusPath, setFocusPath] = useState<{ path: FindingPath } | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const draftRef = useRef(draft);
  draftRef.current = draft;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The version this editor last loaded or wrote: the common ancestor of its draft and what is stored. */
  const baseRef = useRef<Playbook>(copy(stored));
  /** The stored version the conflicts were found against (where "the other tab's" values come from). */
  const theirsRef = useRef<Playbook>(stored);
  const dirtyRef = useRef(false);
  /**
   * Saves, outside changes and the manager's decisions run one after another, so each starts from
   * the version the one before left (never from a draft or base a finished save has replaced).
   */
  const steps = useRef<Promise<void>>(Promise.resolve());
  const [conflicts, setConflicts] = useState<readonly MergeConflict[]>([]);

  function run(step: () => Promise<void> | void): Promise<void> {
    steps.current = steps.current.then(step).catch((error: unknown) => setSave({ kind: 'failed', error: storageErrorText(t, error) }));
    return steps.current;
  }

  function setDraftNow(next: Playbook) {
    draftRef.current = next;
    setDraft(next);
  }

  /** Shows what is stored as the draft (nothing unsaved here). */
  function adopt(current: Playbook) {
    baseRef.current = copy(current);
    theirsRef.current = current;
    setDraftNow(copy(current));
    setIssues(new Map());
    setConflicts([]);
    setSave({ kind: 'saved' });
  }

  // A change written elsewhere (another options tab, an import, a restore) replaces a clean draft;
  // unsaved edits are merged with it at once.
  useEffect(() => {
    if (equal(stored, baseRef.current)) return;
    if (readOnly) return adopt(stored);
    void run(async () => {
      const current = (await activeLocalPlaybook(db))?.playbook;
      if (!current || equal(current, baseRef.current)) return;
      if (!dirtyRef.current) return adopt(current);
      cancelTimer();
      await write();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored]);

  function cancelTimer() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }

  function schedule(delay = debounceMs) {
    cancelTimer();
    timer.current = setTimeout(() => {
      timer.current = null;
      void run(write);
    }, delay);
  }

  /** Saves the draft as it is now, against the base: stored as is, or merged with what another tab stored. */
  async function write(): Promise<void> {
    const candidateDraft = draftRef.current;
    if (equal(candidateDraft, baseRef.current)) {
      // Nothing of this tab's left to save (an earlier step saved or merged it, or a conflict was
      // decided for the other tab's value): no conflict can be left either.
      dirtyRef.current = false;
      setConflicts([]);
      setSave((state) => (state.kind === 'merged' ? state : { kind: 'saved' }));
      return;
    }
    const candidate = { ...candidateDraft, updatedAt: now().toISOString() };
    const parsed = playbookSchema.safeParse(candidate);
    if (!parsed.success) {
      // Each field's issue named and said in the reader's language; the first, with where it is, in the status.
      const found = editorIssues(parsed.error.issues, candidate, t, locale);
      setIssues(new Map(found.map((issue) => [issue.path, issue.text])));
      setSave({ kind: 'invalid', error: found[0]!.full });
      return;
    }
    setIssues(new Map());
    const result = await saveEditedPlaybook(db, baseRef.current, candidateDraft, now());
    const untouched = draftRef.current === candidateDraft;
    if (result.status === 'saved') {
      baseRef.current = result.stored;
      theirsRef.current = result.stored;
      setConflicts([]);
      if (untouched) {
        dirtyRef.current = false;
        setSave({ kind: 'saved' });
      }
    } else if (result.status === 'merged') {
      baseRef.current = result.base;
      theirsRef.current = result.stored;
      // Edits typed while this save ran go on top of the merge (and are saved next).
      setDraftNow(untouched ? result.mine : mergeValues(candidateDraft, draftRef.current, result.mine).mine);
      setConflicts(result.conflicts);
      dirtyRef.current = result.conflicts.length > 0 || !untouched;
      if (untouched) setSave(result.conflicts.length > 0 ? { kind: 'conflict' } : { kind: 'merged' });
    } else if (result.status === 'invalid') {
      setSave({ kind: 'invalid', error: editorIssues(result.issues, result.input, t, locale)[0]!.full });
    } else {
      setSave({ kind: 'failed', error: t('options.save.gone') });
    }
  }

  /** The manager decided a conflict: the chosen value goes into the draft, and the save runs again. */
  function decide(conflict: MergeConflict, keep: 'mine' | 'theirs') {
    setConflicts((list) => list.filter((c) => c.kind !== conflict.kind || !samePath(c.path, conflict.path)));
    setSave({ kind: 'pending' });
    cancelTimer();
    void run(async () => {
      const put = <T,>(book: T): T =>
        conflict.kind === 'order' ? reorderAt(book, conflict.path, conflict.theirs as string[]) : setAt(book, conflict.path, conflict.theirs, theirsRef.current);
      // Keeping mine: the base takes their value, so the next merge sees only this tab's change.
      baseRef.current = put(baseRef.current);
      if (keep === 'theirs') setDraftNow(put(draftRef.current));
      dirtyRef.current = true;
      await write();
    });
  }

  const flush = async () => {
    if (timer.current) {
      cancelTimer();
      void run(write);
    }
    await steps.current;
  };
  if (control) control.current = { flush };
  useEffect(() => () => {
    if (timer.current) {
      cancelTimer();
      void run(write);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Applies an edit to a copy of the draft and schedules the save. */
  function edit(change: (book: Playbook) => void): Playbook {
    if (readOnly) return draftRef.current;
    const next = copy(draftRef.current);
    change(next);
    draftRef.current = next;
    setDraft(next);
    dirtyRef.current = true;
    setSave({ kind: 'pending' });
    schedule();
    return next;
  }

  const pipeline: Pipeline | undefined = draft.pipelines[pipelineIndex] ?? draft.pipelines[0];
  const p = draft.pipelines[pipelineIndex] ? pipelineIndex : 0;
  const s = pipeline && pipeline.stages[stageIndex] ? stageIndex : 0;
  const stage: Stage | undefined = pipeline?.stages[s];

  const findings = useMemo(() => checkPlaybook(draft), [draft]);
  const invalidStages = useMemo(() => {
    const set = new Set<number>();
    const prefix = `pipelines[${p}].stages[`;
    for (const key of issues.keys()) if (key.startsWith(prefix)) set.add(Number(key.slice(prefix.length).split(']')[0]));
    return set;
  }, [issues, p]);

  function moveStage(from: number, to: number) {
    if (!pipeline || to < 0 || to >= pipeline.stages.length) return;
    const moved = pipeline.stages[from]!;
    edit((book) => void (book.pipelines[p]!.stages = move(book.pipelines[p]!.stages, from, to)));
    if (s === from) setStageIndex(to);
    else if (s > from && s <= to) setStageIndex(s - 1);
    else if (s < from && s >= to) setStageIndex(s + 1);
    setFocusStageId(moved.id);
    setAnnouncement(t('options.editor.moved', { name: moved.name, position: to + 1, count: pipeline.stages.length }));
  }

  function deleteStage(index: number) {
    if (!pipeline || pipeline.stages.length <= 1) return;
    const removed = copy(pipeline.stages[index]!);
    const pipelineId = pipeline.id;
    edit((book) => void book.pipelines[p]!.stages.splice(index, 1));
    const neighbour = Math.max(0, Math.min(index, pipeline.stages.length - 2));
    setStageIndex(neighbour);
    // The deleted stage's button is gone: keep keyboard focus in the list, on its neighbour.
    setFocusStageId(pipeline.stages.filter((_, i) => i !== index)[neighbour]?.id ?? null);
    const message = t('options.editor.deleted', { name: removed.name });
    setAnnouncement(message);
    setUndo({
      message,
      restore: () => {
        const target = draftRef.current.pipelines.findIndex((x) => x.id === pipelineId);
        if (target < 0) return;
        edit((book) => {
          const stages = book.pipelines[target]!.stages;
          const id = stages.some((x) => x.id === removed.id) ? newStage(book.pipelines[target]!, removed.name).id : removed.id;
          stages.splice(Math.min(index, stages.length), 0, { ...removed, id });
        });
        setPipelineIndex(target);
        setStageIndex(index);
        setFocusStageId(removed.id);
        setAnnouncement(t('options.editor.restored', { name: removed.name }));
      },
    });
  }

  function addStage() {
    if (!pipeline) return;
    const created = newStage(pipeline, t('options.editor.newStageName', { n: pipeline.stages.length + 1 }));
    edit((book) => void book.pipelines[p]!.stages.push(created));
    setStageIndex(pipeline.stages.length);
    setFocusPath({ path: ['pipelines', p, 'stages', pipeline.stages.length, 'name'] });
  }

  function addPipeline() {
    const created = newPipeline(draft, t('options.editor.newPipelineName', { n: draft.pipelines.length + 1 }), t('options.editor.newStageName', { n: 1 }));
    edit((book) => void book.pipelines.push(created));
    setPipelineIndex(draft.pipelines.length);
    setStageIndex(0);
    setFocusPath({ path: ['pipelines', draft.pipelines.length, 'name'] });
  }

  function deletePipeline() {
    if (!pipeline || draft.pipelines.length <= 1) return;
    const removed = copy(pipeline);
    const index = p;
    edit((book) => void book.pipelines.splice(index, 1));
    setPipelineIndex(Math.max(0, index - 1));
    setStageIndex(0);
    const message = t('options.editor.pipelineDeleted', { name: removed.name });
    setAnnouncement(message);
    setUndo({
      message,
      restore: () => {
        edit((book) => void book.pipelines.splice(Math.min(index, book.pipelines.length), 0, removed));
        setPipelineIndex(index);
        setStageIndex(0);
        setAnnouncement(t('options.editor.restored', { name: removed.name }));
      },
    });
  }

  /** A checker finding or an error was clicked: show its pipeline and stage, then focus its field. */
  function goTo(path: FindingPath) {
    if (path[0] === 'pipelines' && typeof path[1] === 'number') {
      setPipelineIndex(path[1]);
      setStageIndex(path[2] === 'stages' && typeof path[3] === 'number' ? path[3] : 0);
    }
    setFocusPath({ path });
  }

  useEffect(() => {
    if (!focusPath || !rootRef.current) return;
    const element = findFieldFor(rootRef.current, focusPath.path);
    setFocusPath(null);
    if (!element) return;
    element.scrollIntoView?.({ block: 'center' });
    element.focus();
  }, [focusPath]);

  const saveText =
    save.kind === 'saved' ? t('options.save.saved')
    : save.kind === 'merged' ? t('options.save.merged')
    : save.kind === 'conflict' ? t('options.save.conflict')
    : save.kind === 'pending' ? t('options.save.pending')
    : save.kind === 'invalid' ? t('options.save.invalid', { error: save.error })
    : save.error;

  return (
    <IssuesContext.Provider value={issues}>
      <div class="editor-layout" ref={rootRef}>
        <section class="editor" aria-labelledby="editor-title">
          <div class="editor__head">
            <h2 id="editor-title">{t('options.editor.title')}</h2>
            {readOnly ? null : (
              <LiveStatus class={`save-status save-status--${save.kind}`} testId="save-status">
                {saveText}
              </LiveStatus>
            )}
          </div>
          {conflicts.length > 0 ? <ConflictPanel conflicts={conflicts} base={baseRef.current} mine={draft} theirs={theirsRef.current} onDecide={decide} /> : null}
          <fieldset class="editor__fields" disabled={readOnly} data-testid="editor-fieldset">
            <Field label={t('options.editor.playbookName')} path="name">
              {(field) => <input {...field} type="text" value={draft.name} onInput={(e) => edit((book) => void (book.name = e.currentTarget.value))} data-testid="playbook-name" />}
            </Field>
          </fieldset>

          <div class="pipeline-bar">
            {draft.pipelines.length > 1 ? (
              <Field label={t('options.editor.pipeline')} path="pipelines">
                {(field) => (
                  <select {...field} value={String(p)} onChange={(e) => { setPipelineIndex(Number(e.currentTarget.value)); setStageIndex(0); }} data-testid="pipeline-select">
                    {draft.pipelines.map((x, i) => <option key={x.id} value={String(i)}>{x.name || '—'}</option>)}
                  </select>
                )}
              </Field>
            ) : null}
            {pipeline ? (
              <fieldset class="editor__fields" disabled={readOnly}>
                <Field label={t('options.editor.pipelineName')} path={pipelinePath(p, 'name')}>
                  {(field) => <input {...field} type="text" value={pipeline.name} onInput={(e) => edit((book) => void (book.pipelines[p]!.name = e.currentTarget.value))} />}
                </Field>
              </fieldset>
            ) : null}
            {readOnly ? null : (
              <div class="pipeline-bar__actions">
                <button type="button" onClick={addPipeline} disabled={draft.pipelines.length >= MAX_PIPELINES}>+ {t('options.editor.addPipeline')}</button>
                {draft.pipelines.length > 1 && pipeline ? (
                  <button type="button" class="danger" onClick={deletePipeline}>{t('options.editor.deletePipeline', { name: pipeline.name })}</button>
                ) : null}
              </div>
            )}
          </div>
          {pipeline ? (
            <details class="pipeline-aliases">
              <summary>{t('options.editor.pipelineAliases')}</summary>
              <fieldset class="editor__fields field-row" disabled={readOnly}>
                {CRM_ALIAS_KEYS.map((crm) => (
                  <Field key={crm} label={t(CRM_LABEL_KEYS[crm])} path={pipelinePath(p, 'aliases', crm)} nested>
                    {(field) => <LinesInput {...field} value={pipeline.aliases[crm]} onValue={(lines) => edit((book) => void (book.pipelines[p]!.aliases[crm] = lines))} />}
                  </Field>
                ))}
              </fieldset>
            </details>
          ) : null}

          {undo ? (
            <div class="undo-bar" data-testid="undo-bar">
              <span>{undo.message}</span>
              <button type="button" onClick={() => { const u = undo; setUndo(null); u.restore(); }} data-testid="undo">{t('options.editor.undo')}</button>
            </div>
          ) : null}
          <LiveStatus class="visually-hidden" testId="editor-announcement">{announcement}</LiveStatus>

          {pipeline ? (
            <div class="pipeline-editor">
              <StageList
                key={pipeline.id}
                pipelineIndex={p}
                stages={pipeline.stages}
                selected={s}
                readOnly={readOnly}
                invalidStages={invalidStages}
                onSelect={(index) => setStageIndex(index)}
                onMove={moveStage}
                onDelete={deleteStage}
                onAdd={addStage}
                canAdd={pipeline.stages.length < MAX_STAGES}
                focusStageId={focusStageId}
                onFocused={() => setFocusStageId(null)}
              />
              {stage ? (
                <fieldset class="editor__fields stage-fields" disabled={readOnly}>
                  <StageEditor
                    key={`${pipeline.id}/${stage.id}`}
                    pipelineIndex={p}
                    stageIndex={s}
                    stage={stage}
                    qualifications={draft.qualifications}
                    readOnly={readOnly}
                    defaultRotDays={defaultRotDays}
                    learned={learnedRotDays[learnedKey(pipeline.id, stage.id)]}
                    lowestConversion={lowestConversionAt(pipeline, stage.id, teamConversion)}
                    update={(change) => edit((book) => change(book.pipelines[p]!.stages[s]!))}
                  />
                </fieldset>
              ) : null}
            </div>
          ) : null}
        </section>
        <CheckerPanel findings={findings} onGoTo={goTo} />
      </div>
    </IssuesContext.Provider>
  );
}

/** The team's conversion at this stage when it is the one the team converts worst at in its pipeline. */
function lowestConversionAt(pipeline: Pipeline, stageId: string, conversion: TeamConversion) {
  const lowest = lowestConversionStage(pipeline, conversion);
  return lowest?.stageId === stageId ? lowest.rate : undefined;
}
