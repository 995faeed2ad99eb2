import { describe, expect, it, vi } from 'vitest';
import { guarded, RejectedMessage } from '@/lib/messaging/guard';
import type { DealSnapshot } from '@/lib/model/deal';

const self = { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext/' };
const contentSender = { id: 'ext', url: 'https://acme.pipedrive.com/deal/12', tab: { id: 5 }, frameId: 0 };
const snapshot: DealSnapshot = {
  crm: 'pipedrive', dealId: '12', title: 'Acme', pipeline: 'Sales', stage: 'Qualified', stages: ['Qualified'],
  value: 1000, currency: 'EUR', owner: 'Anna', closeDate: '2027-01-31', status: 'open',
};
const valid = { url: 'https://acme.pipedrive.com/deal/12', ref: { crm: 'pipedrive', account: 'acme', dealId: '12' }, snapshot };

describe('guarded handlers', () => {
  it('runs the handler for an allowed sender with valid data', async () => {
    const handler = vi.fn(() => ({ dealKey: 'k' }));
    const wrapped = guarded('dealSeen', 'crmContentScript', handler, { self });
    await expect(wrapped({ data: valid, sender: contentSender })).resolves.toEqual({ dealKey: 'k' });
    expect(handler).toHaveBeenCalledOnce();
  });

  it('rejects a message from a web page and never calls the handler', async () => {
    const handler = vi.fn();
    const onReject = vi.fn();
    const wrapped = guarded('dealSeen', 'crmContentScript', handler, { self, onReject });
    await expect(wrapped({ data: valid, sender: { url: 'https://evil.example/' } })).rejects.toThrow(/dealSeen rejected: sender is not this extension/);
    expect(handler).not.toHaveBeenCalled();
    expect(onReject).toHaveBeenCalledOnce();
  });

  it.each([
    ['a missing snapshot', { ...valid, snapshot: undefined }, /snapshot/],
    ['a non-ISO currency', { ...valid, snapshot: { ...snapshot, currency: 'euro' } }, /snapshot\.currency: expected an ISO 4217 code/],
    ['a negative value', { ...valid, snapshot: { ...snapshot, value: -1 } }, /snapshot\.value/],
    ['an unknown CRM', { ...valid, ref: { ...valid.ref, crm: 'zoho' } }, /ref\.crm/],
    ['an extra field', { ...valid, extra: 1 }, /extra/],
    ['a string instead of an object', 'hello', /expected object/],
    ['a huge title', { ...valid, snapshot: { ...snapshot, title: 'x'.repeat(10_000) } }, /snapshot\.title/],
  ])('rejects %s with an error naming the field', async (_name, data, message) => {
    const handler = vi.fn();
    const wrapped = guarded('dealSeen', 'crmContentScript', handler, { self });
    const result = wrapped({ data, sender: contentSender });
    await expect(result).rejects.toBeInstanceOf(RejectedMessage);
    await expect(result).rejects.toThrow(message);
    expect(handler).not.toHaveBeenCalled();
  });
});
