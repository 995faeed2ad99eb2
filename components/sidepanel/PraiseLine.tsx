import type { Praise } from '@/lib/model/praise.schema';
import { praiseText } from '@/lib/rewards/praise-text';
import { useI18n } from '../i18n';

export interface PraiseLineProps {
  praise: Praise;
  onDismiss(id: string): void;
}

/** One short line of praise for this deal, as text, with a button to put it away. */
export function PraiseLine({ praise, onDismiss }: PraiseLineProps) {
  const { t, locale } = useI18n();
  return (
    <section class="praise" aria-label={t('praise.label')} data-testid="praise" data-praise-kind={praise.kind}>
      <p class="praise__text" role="status">
        <span aria-hidden="true">★ </span>
        {praiseText(praise, t, locale)}
      </p>
      <button type="button" class="icon-button" aria-label={t('praise.dismiss')} title={t('praise.dismiss')} onClick={() => onDismiss(praise.id)} data-testid="praise-dismiss">
        ✕
      </button>
    </section>
  );
}
