import { describe, expect, it, vi } from 'vitest';
import { guarded, RejectedMessage } from '@/lib/messaging/guard';
import { messageSchemas } from '@/lib/messaging/schemas';
import type { MessageType } from '@/lib/messaging/protocol';
import { prng } from '../../../lib/random/prng';

// Fuzzed payloads: whatever arrives, a guarded handler either runs with data that passed its
// schema or rejects with a RejectedMessage. It never throws anything else and never runs on bad data.

function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * 12);
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return random() * 1e6 - 5e5;
    case 3: return Math.floor(random() * 100);
    case 4: return ['', 'x', '<img src=x onerror=alert(1)>', 'https://acme.pipedrive.com/deal/1', '__proto__', 'a'.repeat(5000)][Math.floor(random() * 6)];
    case 5: return random() > 0.5;
    case 6: return Number.NaN;
    case 7: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, (_, i) => [['url', 'ref', 'snapshot', 'tabId', 'state', 'detail', 'crm', '__proto__', 'constructor'][Math.floor(random() * 9)] ?? `k${i}`, randomValue(random, depth + 1)]));
    case 8: return depth > 3 ? [] : Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    case 9: return JSON.parse('{"__proto__": {"polluted": true}, "tabId": 1}');
    case 10: return { tabId: Math.floor(random() * 10) - 2 };
    default: return { url: 'https://acme.pipedrive.com/deal/1', state: 'notDeal', detail: randomValue(random, depth + 1) };
  }
}

const self = { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext/' };
const senders = [
  { id: 'ext', url: 'https://acme.pipedrive.com/deal/1', tab: { id: 1 }, frameId: 0 },
  { id: 'ext', url: 'chrome-extension://ext/sidepanel.html' },
  { url: 'https://evil.example/' },
  { id: 'other', url: 'chrome-extension://other/x.html' },
];

describe('fuzzed messages', () => {
  it('never crash a handler and never reach it with invalid data', async () => {
    const random = prng(20261123);
    const types = Object.keys(messageSchemas) as MessageType[];
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const type = types[Math.floor(random() * types.length)]!;
      const handler = vi.fn(() => undefined as never);
      const wrapped = guarded(type, random() > 0.5 ? 'crmContentScript' : 'extensionPage', handler, { self });
      const data = randomValue(random);
      const sender = senders[Math.floor(random() * senders.length)]!;
      try {
        await wrapped({ data, sender });
        accepted++;
        expect(messageSchemas[type].safeParse(data).success).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(RejectedMessage);
        expect(handler).not.toHaveBeenCalled();
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(accepted).toBeGreaterThan(0); // the fuzzer does produce valid messages too
  });
});
