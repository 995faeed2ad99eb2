import { describe, expect, it } from 'vitest';
import { createLifetime, trusted } from '@/lib/content/lifetime';

describe('content script lifetime', () => {
  it('ends only when the extension is gone, and tells whoever listens once', () => {
    let extension = true;
    const ended: string[] = [];
    const life = createLifetime(() => extension);
    life.onEnd(() => ended.push('stopped'));
    window.postMessage({ type: 'anything:wxt:content-script-started', contentScriptName: 'crm', messageId: 'x' }, '*');
    expect(life.alive()).toBe(true);
    extension = false;
    expect(life.alive()).toBe(false);
    expect(life.alive()).toBe(false);
    expect(ended).toEqual(['stopped']);
    expect(life.signal.aborted).toBe(true);
  });

  it('ignores events a page script dispatches', () => {
    const calls: string[] = [];
    const handler = trusted(() => calls.push('handled'));
    document.addEventListener('visibilitychange', handler);
    document.dispatchEvent(new Event('visibilitychange'));
    handler({ isTrusted: true } as Event);
    document.removeEventListener('visibilitychange', handler);
    expect(calls).toEqual(['handled']);
  });
});
