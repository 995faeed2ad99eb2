import { describe, expect, it } from 'vitest';
import { parseGuidance, safeHref } from '@/lib/playbook/guidance';
import { matchStage, normalizeLabel } from '@/lib/playbook/match';
import { TEMPLATES } from '@/lib/playbook/templates';

describe('guidance format', () => {
  it('paragraphs, lists, bold and links', () => {
    expect(parseGuidance('Hello **team**.\n\n- one\n- [docs](https://example.com/x)\n1. first')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Hello ' }, { kind: 'bold', children: [{ kind: 'text', text: 'team' }] }, { kind: 'text', text: '.' }] },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'link', href: 'https://example.com/x', children: [{ kind: 'text', text: 'docs' }] }]] },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'first' }]] },
    ]);
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '/relative', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)'])('a %s link stays plain text', (href) => {
    expect(safeHref(href)).toBeNull();
    expect(JSON.stringify(parseGuidance(`[click](${href})`))).not.toContain('"link"');
  });

  it('raw HTML is text', () => {
    expect(parseGuidance('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'paragraph', children: [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }] }]);
  });

  it('unclosed markers and 20 000 characters are handled', () => {
    expect(parseGuidance('**open [half](https://x')[0]).toEqual({ kind: 'paragraph', children: [{ kind: 'text', text: '**open [half](https://x' }] });
    const long = `${'word '.repeat(4000)}`;
    expect(parseGuidance(long)).toHaveLength(1);
  });
});

describe('stage matching', () => {
  const playbook = TEMPLATES[0]!.build(new Date());
  it('ignores case, accents and punctuation', () => {
    expect(normalizeLabel('Qualifiée')).toBe(normalizeLabel('QUALIFIEE'));
    expect(normalizeLabel('Proposal/Price Quote')).toBe('proposal price quote');
    expect(matchStage(playbook, 'salesforce', 'org', null, 'PROPOSAL / price quote', {})?.stage.id).toBe('proposal-sent');
  });
  it('uses the aliases of the deal’s own CRM only', () => {
    expect(matchStage(playbook, 'hubspot', 'p', null, 'Contract sent', {})?.stage.id).toBe('contract-sent');
    expect(matchStage(playbook, 'hubspot', 'p', null, 'Proposal Made', {})).toBeNull();
  });
});
