import { describe, expect, it } from 'vitest';
import { carriesMarker, formatMarker, MARKER_VERSION, readMarker, sameMarker, withMarker, type Marker } from '@/lib/crm/marker';

const activity: Marker = { kind: 'activity', activityId: 'a1b2c3', role: 'main' };
const tick: Marker = { kind: 'tick', playbookId: 'team-process', stageId: 'demo', taskId: 'map-decision', by: 'evidence' };

describe('Stagecraft marker', () => {
  it('has a fixed, versioned text form', () => {
    expect(MARKER_VERSION).toBe(1);
    expect(formatMarker(activity)).toBe('[stagecraft:v1;kind=activity;id=a1b2c3;role=main]');
    expect(formatMarker({ kind: 'activity', activityId: 'x', role: 'nextStep' })).toBe('[stagecraft:v1;kind=activity;id=x;role=nextStep]');
    expect(formatMarker(tick)).toBe('[stagecraft:v1;kind=tick;playbook=team-process;stage=demo;task=map-decision;by=evidence]');
  });

  it.each([
    ['a plain body', (m: string) => `Called Anna.\n\n${m}`],
    ['an HTML body wrapped by the CRM', (m: string) => `<p>Called <b>Anna</b>.<br><br>${m}</p>\n`],
    ['nothing else', (m: string) => m],
    ['trailing spaces and &nbsp;', (m: string) => `${m} &nbsp;\n`],
  ])('round-trips inside %s', (_name, wrap) => {
    for (const marker of [activity, tick]) expect(readMarker(wrap(formatMarker(marker)))).toEqual({ status: 'ok', marker });
  });

  it.each([
    'id with ] ; = and spaces',
    'quote " apostrophe \' <script>alert(1)</script> & &amp;',
    '[stagecraft:v1;kind=activity;id=evil;role=main]',
    'emoji 🎯 åäö — 中文 \u0000 \n newline',
    "!'()*~._-%41%",
  ])('carries hostile values safely and exactly: %j', (value) => {
    const marker: Marker = { kind: 'tick', playbookId: value, stageId: value.slice(0, 64), taskId: 't', by: 'hand' };
    const text = formatMarker(marker);
    expect(text).toMatch(/^\[stagecraft:v1;[A-Za-z0-9%._~=;-]+\]$/);
    expect(readMarker(`note: ${text}`)).toEqual({ status: 'ok', marker });
  });

  it('reads only a marker at the very end: marker-like text a rep typed in the middle is not ours', () => {
    const planted = `Please see [stagecraft:v1;kind=activity;id=other;role=main] for details`;
    expect(readMarker(planted)).toEqual({ status: 'none' });
    // A planted marker followed by ours: ours wins.
    expect(readMarker(`${planted}\n\n${formatMarker(activity)}`)).toEqual({ status: 'ok', marker: activity });
  });

  it.each([
    ['no marker', 'Called Anna', { status: 'none' }],
    ['empty', '', { status: 'none' }],
    ['null', null, { status: 'none' }],
    ['a newer version', '[stagecraft:v2;kind=activity;id=a;role=main;extra=1]', { status: 'newer', version: 2 }],
    ['version 0', '[stagecraft:v0;kind=activity;id=a;role=main]', { status: 'broken', detail: 'unknown version 0' }],
    ['cut off', 'text [stagecraft:v1;kind=activity;id=a', { status: 'broken', detail: 'unreadable marker' }],
    ['edited by hand (space inside)', '[stagecraft:v1;kind=activity;id=a b;role=main]', { status: 'broken', detail: 'unreadable marker' }],
    ['unknown kind', '[stagecraft:v1;kind=deal;id=a]', { status: 'broken', detail: 'unknown kind deal' }],
    ['a field missing', '[stagecraft:v1;kind=activity;id=a]', { status: 'broken', detail: 'expected the fields kind, id, role' }],
    ['an extra field', '[stagecraft:v1;kind=activity;id=a;role=main;x=1]', { status: 'broken', detail: 'expected the fields kind, id, role' }],
    ['a field twice', '[stagecraft:v1;kind=activity;id=a;id=b]', { status: 'broken', detail: 'id given twice' }],
    ['a bad role', '[stagecraft:v1;kind=activity;id=a;role=boss]', { status: 'broken', detail: 'role: invalid value' }],
    ['bad encoding', '[stagecraft:v1;kind=activity;id=%E0%A4%A;role=main]', { status: 'broken', detail: 'id: bad encoding' }],
    ['an over-long id', `[stagecraft:v1;kind=activity;id=${'a'.repeat(65)};role=main]`, { status: 'broken', detail: 'id: invalid value' }],
    ['an empty value', '[stagecraft:v1;kind=tick;playbook=;stage=s;task=t;by=hand]', { status: 'broken', detail: 'playbook: invalid value' }],
  ] as const)('%s', (_name, text, reading) => {
    expect(readMarker(text)).toEqual(reading);
  });

  it('tells markers apart and checks a text for one', () => {
    expect(sameMarker(activity, { ...activity })).toBe(true);
    expect(sameMarker(activity, { ...activity, role: 'nextStep' })).toBe(false);
    expect(carriesMarker(`x ${formatMarker(activity)}`, activity)).toBe(true);
    expect(carriesMarker(`x ${formatMarker(activity)}`, { ...activity, activityId: 'a1b2c' })).toBe(false);
  });

  it('names a tick\'s record by playbook, stage and task: ticked by hand or by evidence, it is the same task in the CRM', () => {
    const hand = { kind: 'tick', playbookId: 'buyer-centric', stageId: 'demo-completed', taskId: 'map-decision-process', by: 'hand' } as const;
    expect(sameMarker(hand, { ...hand, by: 'evidence' })).toBe(true);
    expect(carriesMarker(formatMarker({ ...hand, by: 'evidence' }), hand)).toBe(true);
    expect(sameMarker(hand, { ...hand, stageId: 'proposal-sent' })).toBe(false);
    expect(sameMarker(hand, { ...hand, taskId: 'run-demo' })).toBe(false);
    expect(sameMarker(hand, { ...hand, playbookId: 'simple' })).toBe(false);
  });

  it('appends to a body within a length limit, cutting the body and never the marker', () => {
    const tag = formatMarker(activity);
    expect(withMarker('', activity, { html: false, max: 100 })).toBe(tag);
    expect(withMarker('Called', activity, { html: true, max: 1000 })).toBe(`Called<br><br>${tag}`);
    const long = withMarker('x'.repeat(500), activity, { html: false, max: 200 });
    expect(long).toHaveLength(200);
    expect(long.endsWith(`…\n\n${tag}`)).toBe(true);
    expect(readMarker(long)).toEqual({ status: 'ok', marker: activity });
  });

  it('refuses to write a value the format cannot carry', () => {
    expect(() => formatMarker({ kind: 'activity', activityId: '', role: 'main' })).toThrow(RangeError);
    expect(() => formatMarker({ kind: 'tick', playbookId: 'p', stageId: 's', taskId: 't', by: 'guess' as 'hand' })).toThrow(RangeError);
  });
});
