import { beforeEach, describe, expect, it } from 'vitest';
import { createDealWatcher, type Detection } from '@/lib/content/deal-watcher';
import type { CrmAdapter } from '@/lib/crm/types';
import type { DealSnapshot } from '@/lib/model/deal';

// A fake clock-driven scheduler and a tiny adapter over a test document: the watcher's decisions
// (when to read, what to send) without a browser.

let now = 0;
let timers: { at: number; fn: () => void; id: number }[] = [];
let nextId = 1;
const schedule = (fn: () => void, ms: number) => {
  const id = nextId++;
  timers.push({ at: now + ms, fn, id });
  return () => {
    timers = timers.filter((t) => t.id !== id);
  };
};
function advance(ms: number) {
  const end = now + ms;
  for (;;) {
    const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
    if (!due) break;
    timers = timers.filter((t) => t !== due);
    now = due.at;
    due.fn();
  }
  now = end;
}

const adapter: CrmAdapter = {
  crm: 'pipedrive',
  name: 'Test CRM',
  accountOf: () => null,
  detect: () => null,
  pageKinds: [],
  selectors: { ready: '#deal' },
  isReady: (doc) => doc.querySelector('#deal') !== null,
  read(doc, ref) {
    const el = doc.querySelector('#deal');
    if (!el || el.getAttribute('data-id') !== ref.dealId) return null; // stale view of another deal
    return {
      crm: 'pipedrive', dealId: ref.dealId, title: el.getAttribute('data-title'), pipeline: null, stage: el.getAttribute('data-stage'),
      stages: [], value: null, currency: null, owner: null, closeDate: null, status: 'open',
    } satisfies DealSnapshot;
  },
  stageDays: (doc) => {
    const days = doc.querySelector('#deal')?.getAttribute('data-days');
    return days ? Number(days) : null;
  },
};

function detect(url: string): Detection {
  const match = /\/deal\/(\d+)/.exec(url);
  return match ? { ok: true, ref: { crm: 'pipedrive', account: 'acme', dealId: match[1]! }, adapter } : { ok: false, reason: 'not a deal page' };
}

let url = '';
let mutate: () => void = () => {};
let sent: { kind: string; value: string }[] = [];

function setDeal(id: string, title: string, stage: string) {
  document.body.innerHTML = `<div id="deal" data-id="${id}" data-title="${title}" data-stage="${stage}"></div>`;
}

function start() {
  return createDealWatcher({
    doc: document,
    getUrl: () => url,
    detect,
    schedule,
    observe: (onMutation) => {
      mutate = onMutation;
      return { disconnect: () => (mutate = () => {}) };
    },
    onDeal: (_url, _ref, snapshot, stageDays) => {
      sent.push({ kind: 'deal', value: `${snapshot.dealId}:${snapshot.title}:${snapshot.stage}${stageDays === null ? '' : `:${stageDays}d`}` });
    },
    onState: (_url, state, detail) => sent.push({ kind: state, value: detail ?? '' }),
    debounceMs: 300,
    readyTimeoutMs: 5_000,
    now: () => now,
  });
}

beforeEach(() => {
  now = 0;
  timers = [];
  sent = [];
  url = 'https://acme.pipedrive.com/deal/1';
  setDeal('1', 'Acme', 'Qualified');
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
});

describe('deal watcher', () => {
  it('sends the days in stage the page shows with the reading, and again when only they change', () => {
    document.body.innerHTML = '<div id="deal" data-id="1" data-title="Acme" data-stage="Qualified" data-days="5"></div>';
    start().navigate();
    advance(0);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '1:Acme:Qualified:5d' });
    document.querySelector('#deal')!.setAttribute('data-days', '6');
    mutate();
    advance(1_100);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '1:Acme:Qualified:6d' });
  });

  it('reads the deal once on arrival and again only when it changes on screen', () => {
    start().navigate();
    advance(0);
    expect(sent).toEqual([{ kind: 'loading', value: '' }, { kind: 'deal', value: '1:Acme:Qualified' }]);
    mutate();
    advance(400);
    expect(sent).toHaveLength(2); // same snapshot: nothing resent
    setDeal('1', 'Acme', 'Demo');
    mutate();
    advance(1_100);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '1:Acme:Demo' });
  });

  it('reads at most once a second on a page that never stops mutating', () => {
    let reads = 0;
    const watcher = createDealWatcher({
      doc: document, getUrl: () => url, detect: (u) => {
        const d = detect(u);
        return d.ok ? { ...d, adapter: { ...adapter, read: (...args) => (reads++, adapter.read(...args)) } } : d;
      },
      schedule, now: () => now, observe: (onMutation) => ((mutate = onMutation), { disconnect() {} }),
      onDeal: () => {}, onState: () => {}, debounceMs: 300,
    });
    watcher.navigate();
    advance(0);
    for (let i = 0; i < 100; i++) {
      mutate();
      advance(50); // 5 seconds of mutations, 20 a second
    }
    expect(reads).toBeGreaterThanOrEqual(5);
    expect(reads).toBeLessThanOrEqual(7);
  });

  it('keeps re-reading on a page that never stops mutating', () => {
    start().navigate();
    advance(0);
    setDeal('1', 'Acme', 'Proposal');
    for (let i = 0; i < 20; i++) {
      mutate();
      advance(50);
    }
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '1:Acme:Proposal' });
  });

  it('after an in-app navigation waits for the new record instead of reading the stale view', () => {
    const watcher = start();
    watcher.navigate();
    advance(0);
    url = 'https://acme.pipedrive.com/deal/2';
    watcher.navigate();
    advance(600);
    expect(sent.filter((s) => s.kind === 'deal').map((s) => s.value)).toEqual(['1:Acme:Qualified']);
    setDeal('2', 'Beta', 'Qualified');
    mutate();
    advance(600);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '2:Beta:Qualified' });
  });

  it('notices an in-app navigation from the page re-rendering, without waiting for an event', () => {
    start().navigate();
    advance(0);
    url = 'https://acme.pipedrive.com/deal/2';
    setDeal('2', 'Beta', 'Demo');
    mutate();
    advance(0);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '2:Beta:Demo' });
  });

  it('sends a reading again when the background did not take it', async () => {
    let fail = true;
    const delivered: string[] = [];
    const watcher = createDealWatcher({
      doc: document, getUrl: () => url, detect, schedule, now: () => now,
      observe: () => ({ disconnect() {} }),
      onDeal: (_u, _r, snapshot) => (fail ? Promise.reject(new Error('worker stopped')) : Promise.resolve(delivered.push(snapshot.stage ?? ''))),
      onState: () => {},
      debounceMs: 300,
    });
    watcher.navigate();
    advance(0);
    await Promise.resolve();
    await Promise.resolve();
    fail = false;
    advance(600);
    expect(delivered).toEqual(['Qualified']);
  });

  it('reports a read error when the record never appears', () => {
    url = 'https://acme.pipedrive.com/deal/9';
    start().navigate();
    advance(6_000);
    expect(sent.at(-1)?.kind).toBe('readError');
  });

  it('says so when the page is not a deal page', () => {
    url = 'https://acme.pipedrive.com/person/3';
    start().navigate();
    expect(sent).toEqual([{ kind: 'notDeal', value: 'not a deal page' }]);
  });

  it('sleeps while the tab is hidden and catches up when it is shown', () => {
    const watcher = start();
    watcher.navigate();
    advance(0);
    let hidden = true;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    setDeal('1', 'Acme', 'Won');
    mutate();
    advance(2_000);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '1:Acme:Qualified' });
    hidden = false;
    watcher.visibilityChanged();
    advance(0);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '1:Acme:Won' });
  });

  it('does nothing after stop', () => {
    const watcher = start();
    watcher.navigate();
    advance(0);
    watcher.stop();
    setDeal('1', 'Acme', 'Lost');
    mutate();
    advance(1_000);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '1:Acme:Qualified' });
  });

  it('never sends a refused reading again unchanged, says why, and sends the next different reading', async () => {
    const attempts: string[] = [];
    const refused = Object.assign(new Error('dealSeen rejected: snapshot.title: too long'), { name: 'RejectedMessage' });
    const states: string[] = [];
    const watcher = createDealWatcher({
      doc: document, getUrl: () => url, detect, schedule, now: () => now,
      observe: (onMutation) => ((mutate = onMutation), { disconnect() {} }),
      onDeal: (_u, _r, snapshot) => {
        attempts.push(snapshot.stage ?? '');
        return snapshot.stage === 'Qualified' ? Promise.reject(refused) : Promise.resolve();
      },
      onState: (_u, state, detail) => states.push(`${state}:${detail ?? ''}`),
      isRejection: (error) => (error as Error).name === 'RejectedMessage',
      debounceMs: 300,
    });
    watcher.navigate();
    advance(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let i = 0; i < 30; i++) {
      mutate();
      advance(1_000);
    }
    watcher.reread(); // the side panel asking again does not resend it either
    advance(0);
    expect(attempts).toEqual(['Qualified']);
    expect(states.at(-1)).toBe('readError:pipedrive: the deal could not be stored (dealSeen rejected: snapshot.title: too long)');
    setDeal('1', 'Acme', 'Demo');
    mutate();
    advance(1_000);
    expect(attempts).toEqual(['Qualified', 'Demo']);
  });

  it('resends an undelivered reading later each time, not every second', async () => {
    const attemptsAt: number[] = [];
    const watcher = createDealWatcher({
      doc: document, getUrl: () => url, detect, schedule, now: () => now,
      observe: () => ({ disconnect() {} }),
      onDeal: () => (attemptsAt.push(now), Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'))),
      onState: () => {},
      isRejection: () => false,
      debounceMs: 300,
    });
    watcher.navigate();
    for (let i = 0; i < 120; i++) {
      advance(1_000);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // 0.5, 1, 2, 4, 8, 16, then every 30 s: about a dozen tries in two minutes instead of 120.
    expect(attemptsAt.length).toBeGreaterThanOrEqual(8);
    expect(attemptsAt.length).toBeLessThanOrEqual(12);
    const gaps = attemptsAt.slice(1).map((t, i) => t - attemptsAt[i]!);
    expect(gaps.slice(-2).every((g) => g >= 30_000)).toBe(true);
  });

  it('cuts a long page URL and explanation to what the background stores', () => {
    const long = `https://acme.pipedrive.com/person/3?${'q'.repeat(5_000)}`;
    url = long;
    const seen: { url: string; detail: string | null }[] = [];
    createDealWatcher({
      doc: document, getUrl: () => url, schedule, now: () => now, observe: () => ({ disconnect() {} }),
      detect: () => ({ ok: false, reason: 'r'.repeat(2_000) }),
      onDeal: () => {}, onState: (u, _s, detail) => seen.push({ url: u, detail }),
    }).navigate();
    expect(seen).toEqual([{ url: 'https://acme.pipedrive.com/person/3', detail: `${'r'.repeat(499)}…` }]);
  });

  it('reads at most once a second however often the tab says it became visible', () => {
    let reads = 0;
    const watcher = createDealWatcher({
      doc: document, getUrl: () => url, schedule, now: () => now, observe: (onMutation) => ((mutate = onMutation), { disconnect() {} }),
      detect: (u) => {
        const d = detect(u);
        return d.ok ? { ...d, adapter: { ...adapter, read: (...args) => (reads++, adapter.read(...args)) } } : d;
      },
      onDeal: () => {}, onState: () => {}, debounceMs: 300,
    });
    watcher.navigate();
    advance(0);
    for (let i = 0; i < 100; i++) {
      mutate(); // dirty, so each visibility change would want a read
      watcher.visibilityChanged();
      advance(50);
    }
    expect(reads).toBeGreaterThanOrEqual(4);
    expect(reads).toBeLessThanOrEqual(7);
  });

  it('a page flipping its URL between deals is followed at most five times per five seconds, ending on the last URL', () => {
    const watcher = start();
    for (let i = 0; i < 200; i++) {
      url = `https://acme.pipedrive.com/deal/${i % 2 ? 1 : 2}`;
      watcher.navigate();
      advance(10);
    }
    url = 'https://acme.pipedrive.com/deal/1';
    watcher.navigate();
    const loadingWhileFlipping = sent.filter((s) => s.kind === 'loading').length;
    expect(loadingWhileFlipping).toBeLessThanOrEqual(10);
    advance(5_000);
    expect(sent.at(-1)).toEqual({ kind: 'deal', value: '1:Acme:Qualified' });
  });
});
