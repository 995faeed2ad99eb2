import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import { I18nProvider } from '@/components/i18n';
import type { Locale } from '@/lib/model/settings.schema';

// Just enough of a testing library for the connections section: mount, events, waiting.

const mounted: HTMLElement[] = [];

export async function mount(ui: ComponentChildren, locale: Locale = 'en'): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  await act(() => render(<I18nProvider locale={locale}>{ui}</I18nProvider>, container));
  mounted.push(container);
  return container;
}

export async function cleanup(): Promise<void> {
  for (const container of mounted.splice(0)) {
    await act(() => render(null, container));
    container.remove();
  }
}

export const byTestId = <T extends Element = HTMLElement>(root: ParentNode, id: string): T => {
  const found = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no element with data-testid="${id}"`);
  return found;
};

export function byLabel(root: ParentNode, text: string): HTMLInputElement {
  const label = [...root.querySelectorAll('label')].find((l) => (l.textContent ?? '').trim() === text);
  const id = label?.getAttribute('for');
  const control = id ? root.querySelector<HTMLInputElement>(`#${id}`) : label?.querySelector('input');
  if (!control) throw new Error(`no control labelled ${text}`);
  return control;
}

export function button(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => (b.textContent ?? '').trim() === name);
  if (!found) throw new Error(`no button named ${name}`);
  return found;
}

export const buttonNames = (root: ParentNode) => [...root.querySelectorAll('button')].map((b) => (b.textContent ?? '').trim());

export async function click(element: Element): Promise<void> {
  await act(() => void (element as HTMLElement).click());
}

export async function type(element: HTMLInputElement, value: string): Promise<void> {
  await act(() => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function check(element: HTMLInputElement, checked: boolean): Promise<void> {
  await act(() => {
    element.checked = checked;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function waitFor<T>(assertion: () => T | Promise<T>, timeout = 2_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      let result!: T;
      await act(async () => {
        result = await assertion();
      });
      return result;
    } catch (error) {
      if (Date.now() - started > timeout) throw error;
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }
}

export const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
