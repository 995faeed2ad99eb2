import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { Blob as NodeBlob } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inThreadRunner, serveImportSession, workerRunner, type ImportPhase, type WorkerLike } from '@/lib/history-import';
import { FIXTURES } from './helpers';

// The page ↔ worker protocol, end to end over a real message channel: the "worker" side is
// serveImportSession as the worker's entry wires it, the page side is workerRunner.

type Port = InstanceType<typeof MessageChannel>['port1'];

/** A worker made of a message channel: terminating closes it, as a real worker stops. */
function channelWorker(spawned: { count: number; terminated: number }): WorkerLike {
  const { port1, port2 } = new MessageChannel();
  spawned.count++;
  const scope = {
    postMessage: (message: unknown) => port1.postMessage(message),
    addEventListener: (_: 'message', listener: (event: MessageEvent) => void) => port1.on('message', (data: unknown) => listener({ data } as MessageEvent)),
  };
  serveImportSession(scope as never);
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
    const view = await inThreadRunner().open(big, {}, () => {});
    expect(view.problem).toEqual({ code: 'tooLarge', detail: 'the file is 150.0 MB; the limit is 100.0 MB' });
  });
});
