import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { Blob as NodeBlob } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inThreadRunner, serveImportSession, workerRunner, type HistoryStore, type ImportPhase, type WorkerLike } from '@/lib/history-import';
import type { History } from '@/lib/metrics/history';
import { FIXTURES } from './helpers';

// The page ↔ worker protocol, end to end over a real message channel: the "worker" side is
// serveImportSession as the worker's entry wires it, the page side is workerRunner.

type Port = InstanceType<typeof MessageChannel>['port1'];

/** A worker made of a message channel: terminating closes it, as a real worker stops. */
function channelWorker(spawned: { count: number; terminated: number }, store: HistoryStore = () => Promise.resolve({ ok: true })): WorkerLike {
  const { port1, port2 } = new MessageChannel();
  spawned.count++;
  const scope = {
    postMessage: (message: unknown) => port1.postMessage(message),
    addEventListener: (_: 'message', listener: (event: MessageEvent) => void) => port1.on('message', (data: unknown) => listener({ data } as MessageEvent)),
  };
  serveImportSession(scope as never, store);
  return {
    postMessage: (message) => port2.postMessage(message),
    addEventListener: ((type: string, listener: (event: MessageEvent) => void) => {
      if (type === 'message') (port2 as Port).on('message', (data: unknown) => listener({ data } as MessageEvent));
    }) as WorkerLike['addEventListener'],
    terminate: () => {
      spawned.terminated++;
      port1.close();
      port2.close();
    },
  };
}

// Node's own Blob: it crosses a message channel as a browser's File crosses to a worker.
const blob = (name: string) => new NodeBlob([readFileSync(join(FIXTURES, name))]) as unknown as Blob;

describe('the import worker protocol', () => {
  it('opens a file with progress through each phase, remaps, and chooses a format, all in the worker', async () => {
    const spawned = { count: 0, terminated: 0 };
    const runner = workerRunner(() => channelWorker(spawned));
    const phases: ImportPhase[] = [];
    const view = await runner.open(blob('hubspot-all-properties.xlsx'), { playbook: null, defaultRotDays: null }, (phase) => {
      if (phases.at(-1) !== phase) phases.push(phase);
    });
    expect(phases).toEqual(['reading', 'parsing', 'converting']);
    expect(view).toMatchObject({ kind: 'table', source: 'xlsx', detected: 'hubspot', footerRows: 0, rows: 4 });
    expect(view.examples[view.header.indexOf('Deal Name')]).toBe('Acme, Inc. – annual plan');
    expect(view.report!.summary).toMatchObject({ deals: 4, open: 1, won: 2, lost: 1 });

    // The table stayed in the worker: a changed mapping is converted there.
    const broken = await runner.remap({ ...view.mapping!, columns: { ...view.mapping!.columns, createdAt: view.header.indexOf('Deal Name') } }, () => {});
    expect(broken.report!.problemCount).toBe(4);
    expect(broken.report!.problems[0]!.message).toBe('line 2: Deal Name "Acme, Inc. – annual plan" is not a date');
    const asSalesforce = await runner.chooseFormat('salesforce', () => {});
    expect(asSalesforce.format).toBe('salesforce');
    expect(asSalesforce.report!.missing.length).toBeGreaterThan(0);
    expect(spawned).toEqual({ count: 1, terminated: 0 });
    runner.dispose();
  });

  it('the deals never cross to the page: the view says a history is ready, and Import stores it in the worker, once', async () => {
    const stored: { name: string; format: string; history: History }[] = [];
    const runner = workerRunner(() =>
      channelWorker({ count: 0, terminated: 0 }, (input) => {
        stored.push(input);
        return Promise.resolve({ ok: true });
      }),
    );
    const view = await runner.open(blob('hubspot-all-properties.xlsx'), { playbook: null, defaultRotDays: null }, () => {});
    expect(view.report).toMatchObject({ ready: true, summary: { deals: 4 } });
    expect(view.report).not.toHaveProperty('history');
    expect(stored).toEqual([]);
    expect(await runner.save('deals.xlsx')).toEqual({ ok: true, deals: 4 });
    expect(stored.map((s) => [s.name, s.format, s.history.deals.map((d) => d.id)])).toEqual([['deals.xlsx', 'hubspot-xlsx', ['hubspot:9101', 'hubspot:9102', 'hubspot:9103', 'hubspot:9104']]]);
    // Stored and let go: a second Import has nothing to store.
    expect(await runner.save('deals.xlsx')).toEqual({ ok: false, error: 'nothing is ready to import' });
    expect(stored).toHaveLength(1);
    runner.dispose();
  });

  it('a full disk in the worker reaches the page as that kind of error; the history stays ready for another try', async () => {
    let full = true;
    const runner = workerRunner(() =>
      channelWorker({ count: 0, terminated: 0 }, () => {
        if (full) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
        return Promise.resolve({ ok: true });
      }),
    );
    await runner.open(blob('pipedrive-deals.csv'), {}, () => {});
    await expect(runner.save('deals.csv')).rejects.toMatchObject({ name: 'QuotaExceededError', message: 'The quota has been exceeded.' });
    full = false;
    expect(await runner.save('deals.csv')).toEqual({ ok: true, deals: 13 });
    runner.dispose();
  });

  it('Stop ends the worker at once: the pending import rejects as aborted; the next file gets a new worker', async () => {
    const spawned = { count: 0, terminated: 0 };
    const runner = workerRunner(() => channelWorker(spawned));
    const pending = runner.open(blob('pipedrive-deals.csv'), {}, () => {});
    runner.cancel();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(spawned).toEqual({ count: 1, terminated: 1 });
    const view = await runner.open(blob('zoho-deals.csv'), {}, () => {});
    expect(view.problem).toMatchObject({ code: 'unknownFormat' });
    expect(spawned.count).toBe(2);
    runner.dispose();
  });

  it('a file over the limit is refused before a byte is read', async () => {
    const big = { size: 150 * 1024 * 1024, stream: () => { throw new Error('must not be read'); } } as unknown as Blob;
    const view = await inThreadRunner(() => Promise.resolve({ ok: true })).open(big, {}, () => {});
    expect(view.problem).toEqual({ code: 'tooLarge', detail: 'the file is 150.0 MB; the limit is 100.0 MB', note: { id: 'fileTooLarge', values: { size: { bytes: 150 * 1024 * 1024 }, limit: { bytes: 100 * 1024 * 1024 } } } });
  });
});
