import { afterEach, describe, expect, it } from 'vitest';
import { render as preactRender } from 'preact';
import { act } from 'preact/test-utils';
import { I18nProvider } from '@/components/i18n';
import type { ChecklistEntry } from '@/lib/model/records.schema';
import { usePendingTicks, type PendingTicks } from '@/components/sidepanel/usePendingTicks';
import { cleanup, mount, waitFor } from '../helpers/render';

// A tick in progress is never drawn back by a live update that does not have it yet (another
// page's tick arriving first); once stored, the next live answer is the truth again.

const entry = (taskId: string, state: ChecklistEntry['state'], at = '2026-11-20T09:00:00.000Z'): ChecklistEntry => ({
  dealKey: 'pipedrive:acme:42',
  stageId: 'proposal',
  taskId,
  state,
  at,
  by: 'hand',
  evidenceActivityId: null,
});

let ticks!: PendingTicks;
let shown: ChecklistEntry[] = [];
function Probe({ live }: { live: readonly ChecklistEntry[] }) {
  ticks = usePendingTicks(live);
  shown = ticks.overlay(live);
  return null;
}
/** A new live answer, as the live query delivers it (the same tree mount() drew). */
function mountInto(container: HTMLElement, live: ChecklistEntry[]) {
  preactRender(<I18nProvider locale="en"><Probe live={live} /></I18nProvider>, container);
}
const stateOf = (taskId: string) => shown.find((e) => e.taskId === taskId)?.state ?? 'open';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

afterEach(cleanup);

describe('ticks on their way', () => {
  it('stay shown while another page’s tick arrives first, and give way to the stored data after', async () => {
    const { container } = await mount(<Probe live={[]} />);
    const render = (live: ChecklistEntry[]) => act(() => void mountInto(container, live));
    const write = deferred();
    let done!: Promise<void>;
    await act(() => void (done = ticks.tick(entry('follow-up', 'done'), () => write.promise)));
    expect(stateOf('follow-up')).toBe('done');

    // the other page's tick is stored first: a live answer without ours
    await render([entry('review-proposal', 'done')]);
    expect([stateOf('follow-up'), stateOf('review-proposal')]).toEqual(['done', 'done']);

    await act(async () => {
      write.resolve();
      await done;
    });
    expect(stateOf('follow-up')).toBe('done');
    // the next live answer has both; later changes (another page unticking it) show as they are
    await render([entry('review-proposal', 'done'), entry('follow-up', 'done')]);
    await render([entry('review-proposal', 'done'), entry('follow-up', 'open', '2026-11-20T09:01:00.000Z')]);
    await waitFor(() => expect(stateOf('follow-up')).toBe('open'));
  });

  it('a tick that could not be stored goes back to what is stored', async () => {
    const { container } = await mount(<Probe live={[]} />);
    const write = deferred();
    let done!: Promise<void>;
    await act(() => void (done = ticks.tick(entry('follow-up', 'done'), () => write.promise)));
    expect(stateOf('follow-up')).toBe('done');
    await act(async () => {
      write.reject(new Error('QuotaExceededError'));
      await done.catch(() => {});
    });
    await act(() => void mountInto(container, []));
    expect(stateOf('follow-up')).toBe('open');
  });
});
