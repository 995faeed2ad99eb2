import { afterEach, describe, expect, it } from 'vitest';
import { PrivacyPolicy } from '@/components/privacy/PrivacyPolicy';
import { cleanup, mount, text } from '../helpers/render';

afterEach(cleanup);

// The privacy policy page the extension ships: every section in every language Stagecraft speaks.

describe('privacy policy page', () => {
  it('says what is read, kept, sent and how to remove it, each under its heading', async () => {
    const { container } = await mount(<PrivacyPolicy />);
    expect(text(container.querySelector('h1'))).toBe('Stagecraft privacy policy');
    expect([...container.querySelectorAll('h2')].map((h) => text(h))).toEqual(['What Stagecraft reads', 'What it keeps, and where', 'What leaves your browser', 'Tokens and keys', 'Permissions', 'Firefox’s data consent', 'Sharing', 'Removing your data']);
    expect(text(container)).toContain('There is no Stagecraft server');
    expect(text(container)).toContain('Options → Data → Clear all data');
    expect(text(container)).toContain('Stagecraft declares that it collects nothing by itself.');
    expect(document.title).toBe('Stagecraft privacy policy');
  });

  it.each(['sv', 'nb', 'nl', 'it'] as const)('is written in %s', async (locale) => {
    const english = await mount(<PrivacyPolicy />);
    const englishTexts = [...english.container.querySelectorAll('h1, h2, p')].map((e) => text(e));
    const { container } = await mount(<PrivacyPolicy />, locale);
    const texts = [...container.querySelectorAll('h1, h2, p')].map((e) => text(e));
    expect(texts).toHaveLength(englishTexts.length);
    texts.forEach((t, i) => expect(t, t).not.toBe(englishTexts[i]));
  });
});
