import { describe, expect, it } from 'vitest';
import { fillScript, mailtoLink, MAILTO_LIMIT, scriptText, scriptValues, type ScriptValues } from '@/lib/playbook/scripts';
import { nextStageOf } from '@/lib/playbook/next-stage';
import { playbookSchema } from '@/lib/model/playbook.schema';
import { TEMPLATES } from '@/lib/playbook/templates';

const values: ScriptValues = { 'deal.title': 'Acme rollout', 'deal.owner': 'Rachel Kim', 'contact.firstName': null, 'stage.next': 'Proposal sent', 'me.name': 'Rachel' };
const label = (name: string, known: boolean) => (known ? `missing ${name}` : `unknown ${name}`);

describe('filling a script', () => {
  it('fills every known variable, also with spaces inside the braces', () => {
    const parts = fillScript('Hi, {{ me.name }} here about {{deal.title}} (owner {{deal.owner}}); next: {{stage.next}}.', values);
    expect(parts).toEqual([{ kind: 'text', text: 'Hi, Rachel here about Acme rollout (owner Rachel Kim); next: Proposal sent.' }]);
  });

  it('marks a missing value and an unknown name, and never leaves raw braces in the text', () => {
    const parts = fillScript('Hi {{contact.firstName}}, {{deal.colour}}!', values);
    expect(parts).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'missing', name: 'contact.firstName', known: true },
      { kind: 'text', text: ', ' },
      { kind: 'missing', name: 'deal.colour', known: false },
      { kind: 'text', text: '!' },
    ]);
    const text = scriptText(parts, label);
    expect(text).toBe('Hi [missing contact.firstName], [unknown deal.colour]!');
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it('a blank value counts as missing', () => {
    expect(scriptText(fillScript('{{deal.owner}}', { ...values, 'deal.owner': '   ' }), label)).toBe('[missing deal.owner]');
  });

  it('hostile values are not filled again and stay text', () => {
    const hostile: ScriptValues = { ...values, 'deal.title': '{{me.name}} <img src=x onerror=alert(1)>', 'me.name': '{{deal.title}}' };
    const text = scriptText(fillScript('{{deal.title}} / {{me.name}}', hostile), label);
    expect(text).toBe('{{me.name}} <img src=x onerror=alert(1)> / {{deal.title}}');
  });

  it('leaves single braces and unclosed variables alone, and survives a long run of braces', () => {
    expect(scriptText(fillScript('a {b} {{deal.title', values), label)).toBe('a {b} {{deal.title');
    const many = '{{'.repeat(5000);
    expect(scriptText(fillScript(many, values), label)).toBe(many);
  });

  it('takes the values from the deal, the next stage and who I am', () => {
    const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
    const pipeline = playbook.pipelines[0]!;
    const stage = pipeline.stages.find((s) => s.id === 'demo-completed')!;
    expect(scriptValues({ snapshot: { title: ' Acme ', owner: null }, nextStage: nextStageOf(pipeline, stage), meName: '' })).toEqual({
      'deal.title': 'Acme', 'deal.owner': null, 'contact.firstName': null, 'stage.next': 'Proposal sent', 'me.name': null,
    });
    const lastWorking = pipeline.stages.filter((s) => s.outcome === null).at(-1)!;
    expect(nextStageOf(pipeline, lastWorking)?.outcome).toBe('won');
    expect(nextStageOf(pipeline, pipeline.stages.find((s) => s.outcome === 'won')!)).toBeNull();
  });
});

describe('Open in mail', () => {
  it('encodes subject and body (line breaks as CRLF) and leaves the address empty unless it is one', () => {
    const { href, cut } = mailtoLink(null, 'Proposal: A&B?', 'Hi,\nsee you at 10 = ok #1', 'cut');
    expect(cut).toBe(false);
    expect(href).toBe('mailto:?subject=Proposal%3A%20A%26B%3F&body=Hi%2C%0D%0Asee%20you%20at%2010%20%3D%20ok%20%231');
    expect(mailtoLink('buyer@acme.test', 's', 'b', 'cut').href.startsWith('mailto:buyer@acme.test?')).toBe(true);
    expect(mailtoLink('x@y.z?bcc=evil@z', 's', 'b', 'cut').href.startsWith('mailto:?')).toBe(true);
  });

  it('a body too long for a link is cut at a line end and says so', () => {
    const body = Array.from({ length: 200 }, (_, i) => `Line ${i} of a long proposal e-mail`).join('\n');
    const { href, cut } = mailtoLink(null, 'Subject', body, 'Copy the rest from Stagecraft.');
    expect(cut).toBe(true);
    expect(href.length).toBeLessThanOrEqual(MAILTO_LIMIT);
    const sent = decodeURIComponent(href.split('&body=')[1]!);
    expect(sent).toMatch(/^Line 0 of/);
    expect(sent.endsWith('\r\n\r\nCopy the rest from Stagecraft.')).toBe(true);
    const oneLine = mailtoLink(null, 'S', 'é'.repeat(5000), 'cut');
    expect(oneLine.cut).toBe(true);
    expect(oneLine.href.length).toBeLessThanOrEqual(MAILTO_LIMIT);
  });
});

describe('scripts in the playbook', () => {
  const base = TEMPLATES[1]!.build(new Date('2026-01-01T00:00:00Z'));

  it('a playbook from before scripts is still valid and gets none', () => {
    const old = structuredClone(base) as unknown as { pipelines: { stages: Record<string, unknown>[] }[] };
    for (const stage of old.pipelines[0]!.stages) delete stage.scripts;
    const parsed = playbookSchema.parse(old);
    expect(parsed.pipelines[0]!.stages.every((s) => s.scripts.length === 0)).toBe(true);
  });

  it('rejects a script ticking a task the stage does not have, and duplicate ids', () => {
    const book = structuredClone(base);
    const stage = book.pipelines[0]!.stages[0]!;
    stage.scripts = [
      { id: 'a', kind: 'call', title: 'A', subject: '', body: 'x', ticksTask: 'no-such-task' },
      { id: 'a', kind: 'email', title: 'B', subject: 's', body: 'y', ticksTask: null },
    ];
    const result = playbookSchema.safeParse(book);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('pipelines.0.stages.0.scripts.0.ticksTask: unknown key task "no-such-task"');
    expect(messages).toContain('pipelines.0.stages.0.scripts.1.id: duplicate script id "a"');
  });

  it('every working stage of the shipped templates has a script, with known variables only', () => {
    for (const template of TEMPLATES) {
      const book = template.build(new Date('2026-01-01T00:00:00Z'));
      for (const stage of book.pipelines.flatMap((p) => p.stages).filter((s) => s.outcome === null)) {
        expect(stage.scripts.length, `${template.id}/${stage.id}`).toBeGreaterThan(0);
        for (const script of stage.scripts)
          for (const part of [...fillScript(script.body, values), ...fillScript(script.subject, values)])
            if (part.kind === 'missing') expect(part.known, `${template.id}/${stage.id}/${script.id}: ${part.name}`).toBe(true);
      }
    }
  });
});
