import { useState } from 'preact/hooks';
import type { StagecraftDb, StoredAssessment } from '@/lib/db/database';
import type { MessageKey } from '@/lib/i18n';
import { formatDate } from '@/lib/i18n/format';
import { MEASURED_DIMENSIONS, type DimensionId, type Level, type MaturityQuestion } from '@/lib/maturity/assess';
import { assessmentSchema, MATURITY_QUESTIONS } from '@/lib/model/insights.schema';
import { storedAnswers } from '@/lib/team-figures';
import { useI18n } from '../i18n';
import { useMaturityText } from './maturity-text';
import { Notice } from '../common/Notice';
import { LiveStatus, storageErrorText } from '../options/fields';
import { SyncProvenance } from '../team-sync/SyncProvenance';
import { BarChart } from '../charts/BarChart';
import { useTeamFigures, type CreateTeamFiguresRunner } from './useTeamFigures';
import './team.css';
import { StoredFiguresNote } from './StoredFiguresNote';

export interface MaturityViewProps {
  db: StagecraftDb;
  now?: () => Date;
  /** Where the figures are worked out (the entry passes a worker; absent: on this thread). */
  createFiguresRunner?: CreateTeamFiguresRunner;
}

const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];
const ANSWERS = [0, 1, 2, 3, 4] as const;

export const dimensionLabel = (id: DimensionId): MessageKey =>
  (MEASURED_DIMENSIONS as readonly string[]).includes(id) ? (`maturity.dim.${id}` as MessageKey) : (`maturity.q.${id}` as MessageKey);

/** Where the team stands on the five-level scale, the bottleneck, the next steps, and the questionnaire. */
export function MaturityView({ db, now = () => new Date(), createFiguresRunner }: MaturityViewProps) {
  const { t, locale } = useI18n();
  const [openedAt] = useState(() => now().getTime());
  // Worked out off this page's thread (lib/team-figures), again when the team's data or the answers change.
  const figures = useTeamFigures(db, createFiguresRunner, { page: 'maturity', now: openedAt });
  const [status, setStatus] = useState('');
  const text = useMaturityText();

  if (figures.status === 'loading') return <Notice title={t('team.loading')} />;
  if (figures.status === 'error') return <Notice tone="error" title={t('team.error', { error: figures.error })} />;
  const model = figures.value;
  const { result, answers, answeredAt } = model;

  // Read-modify-write in one transaction: quick answers in a row never undo each other.
  const answer = async (question: MaturityQuestion, value: number) => {
    try {
      await db.transaction('rw', db.assessments, async () => {
        const current = storedAnswers(await db.assessments.get('maturity')).answers;
        const record = assessmentSchema.parse({ id: 'maturity', answers: { ...current, [question]: value }, answeredAt: now().toISOString() });
        await db.assessments.put(record as StoredAssessment);
      });
      setStatus(t('maturity.saved'));
    } catch (error) {
      setStatus(storageErrorText(t, error));
    }
  };

  const next = result.level < 5 ? ((result.level + 1) as Level) : null;
  const levelName = t(`maturity.level.${result.level}`);

  return (
    <section class="panel maturity-view" aria-labelledby="maturity-view-title" data-testid="maturity-view">
      <h2 id="maturity-view-title">{t('maturity.title')}</h2>
      <p class="muted">{t('maturity.intro')}</p>
      <StoredFiguresNote storedAt={figures.storedAt} now={now} />
      <SyncProvenance provenance={model.synced} now={now} />

      <div class="maturity-level" data-testid="maturity-level" data-level={result.level}>
        <h3>{t('maturity.levelHeading', { level: result.level, name: levelName })}</h3>
        <p>{t(`maturity.levelText.${result.level}`)}</p>
        <ol class="maturity-scale" aria-label={t('maturity.title')}>
          {LEVELS.map((level) => (
            <li key={level} aria-current={level === result.level ? 'step' : undefined} class={level < result.level ? 'is-reached' : undefined}>
              {level} · {t(`maturity.level.${level}`)}
            </li>
          ))}
        </ol>
      </div>

      {result.bottleneck && next ? (
        <section class="maturity-bottleneck" aria-labelledby="maturity-bottleneck-title" data-testid="maturity-bottleneck" data-dimension={result.bottleneck}>
          <h3 id="maturity-bottleneck-title">{t('maturity.bottleneckTitle')}</h3>
          <p>{t('maturity.bottleneckText', { dimension: t(dimensionLabel(result.bottleneck)), level: result.level })}</p>
          <h3 id="maturity-steps-title">{t('maturity.nextStepsTitle', { level: next })}</h3>
          <ol class="maturity-steps" aria-labelledby="maturity-steps-title" data-testid="maturity-steps">
            {result.nextSteps.map((step) => (
              <li key={step.dimension} data-dimension={step.dimension} class={step.dimension === result.bottleneck ? 'is-bottleneck' : undefined}>
                <strong>{t(dimensionLabel(step.dimension))}:</strong> {text(step)}
              </li>
            ))}
          </ol>
        </section>
      ) : (
        <p class="maturity-bottleneck" data-testid="maturity-top">{t('maturity.top')}</p>
      )}

      <BarChart
        title={t('maturity.chartTitle')}
        categories={result.dimensions.map((d) => t(dimensionLabel(d.id)))}
        series={[{ name: t('maturity.score'), values: result.dimensions.map((d) => d.score) }]}
        max={4}
        table={{ category: t('maturity.dimension'), format: (score) => (score === null ? t('scorecard.none') : t('maturity.scoreValue', { score })) }}
        testId="maturity-chart"
      />
      <div class="table-scroll">
        <table class="team-table maturity-table" data-testid="maturity-dimensions">
          <caption>{t('maturity.dimensionsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('maturity.dimension')}</th>
              <th scope="col" class="maturity-score">{t('maturity.score')}</th>
              <th scope="col">{t('maturity.measured')}</th>
            </tr>
          </thead>
          <tbody>
            {result.dimensions.map((d) => (
              <tr key={d.id} data-dimension={d.id} data-score={d.score}>
                <th scope="row" class="team-table__rep">{t(dimensionLabel(d.id))}</th>
                <td class="maturity-score">{t('maturity.scoreValue', { score: d.score })}</td>
                <td>{text(d.measured)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="maturity-questionnaire-title" data-testid="maturity-questionnaire">
        <h3 id="maturity-questionnaire-title">{t('maturity.questionnaireTitle')}</h3>
        <p class="muted">{t('maturity.questionnaireIntro')}</p>
        {answeredAt ? <p class="muted small" data-testid="maturity-answered-at">{t('maturity.answeredAt', { date: formatDate(answeredAt, locale) })}</p> : null}
        {MATURITY_QUESTIONS.map((question) => (
          <fieldset key={question} class="question" data-question={question}>
            <legend>{t(`maturity.q.${question}`)}</legend>
            {answers[question] === undefined ? <p class="muted small">{t('maturity.unanswered')}</p> : null}
            {ANSWERS.map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name={`maturity-${question}`}
                  value={value}
                  checked={answers[question] === value}
                  data-testid={`answer-${question}-${value}`}
                  onChange={() => void answer(question, value)}
                />
                <span class="question__number" aria-hidden="true">{value}</span>
                <span>{t(`maturity.q.${question}.${value}`)}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </section>
      <LiveStatus testId="maturity-status">{status}</LiveStatus>
    </section>
  );
}
