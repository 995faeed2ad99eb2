import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import { I18nProvider } from '@/components/i18n';
import type { Locale } from '@/lib/model/settings.schema';

// A tiny testing-library shared by the component tests: mount into happy-dom, find by
// label/test id/button name, fire events the way Preact listens to them, press keys as a user does,
// and wait for asynchronous effects (Dexie live queries, debounced saves).

export interface Mounted {
  container: HTMLElement;
  unmount(): Promise<void>;
}

const mounted: Mounted[] = [];

export async function mount(ui: ComponentChildren, locale: Locale = 'en'): Promise<Mounted> {
  const container = document.createElement('div');
  document.body.append(container);
  await act(() => render(<I18nProvider locale={locale}>{ui}</I18nProvider>, container));
  const handle = {
    container,
    async unmount() {
      await act(() => render(null, container));
      container.remove();
    },
  };
  mounted.push(handle);
  return handle;
}

export async function cleanup(): Promise<void> {
  while (mounted.length) await mounted.pop()!.unmount();
}

export const byTestId = <T extends Element = HTMLElement>(root: ParentNode, id: string): T => {
  const found = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no element with data-testid="${id}"`);
  return found;
};
export const allByTestId = <T extends Element = HTMLElement>(root: ParentNode, id: string): T[] => [...root.querySelectorAll<T>(`[data-testid="${id}"]`)];
export const queryTestId = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

/** The form control whose <label> (or aria-label) reads `text` (exactly, or matching a RegExp). */
export function byLabel<T extends HTMLElement = HTMLInputElement>(root: ParentNode, text: string | RegExp): T {
  const labels = [...root.querySelectorAll('label')].filter((label) => matches(label.textContent ?? '', text));
  for (const label of labels) {
    const id = label.getAttribute('for');
    const control = id ? root.querySelector<T>(`#${cssId(id)}`) : label.querySelector<T>('input, select, textarea');
    if (control) return control;
  }
  for (const element of root.querySelectorAll<T>('[aria-label]')) if (matches(element.getAttribute('aria-label')!, text)) return element;
  throw new Error(`no control labelled ${String(text)}`);
}

export const buttonNames = (root: ParentNode) => [...root.querySelectorAll('button')].map((b) => (b.textContent ?? '').trim());

/** A button by its accessible name (aria-label, else text). */
export function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => matches(b.getAttribute('aria-label') ?? b.textContent ?? '', name));
  if (!found) throw new Error(`no button named ${String(name)}`);
  return found;
}

const matches = (value: string, text: string | RegExp) => (typeof text === 'string' ? value.replace(/\s+/g, ' ').trim() === text : text.test(value));
const cssId = (id: string) => id.replace(/([^A-Za-z0-9_-])/g, '\\$1');

export async function click(element: Element): Promise<void> {
  await act(() => void (element as HTMLElement).click());
}

/** Types a value into an input/textarea (fires `input`, as Preact's onInput listens to). */
export async function type(element: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  await act(() => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function select(element: HTMLSelectElement, value: string): Promise<void> {
  await act(() => {
    element.value = value;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function check(element: HTMLInputElement, checked = true): Promise<void> {
  await act(() => {
    element.checked = checked;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function keyDown(element: Element, key: string, init: KeyboardEventInit = {}): Promise<void> {
  await act(() => void element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })));
}

export async function fire(element: Element, type: string): Promise<void> {
  await act(() => void element.dispatchEvent(new Event(type, { bubbles: true, cancelable: true })));
}

/** Picks a file in an <input type=file>. */
export async function pickFile(input: HTMLInputElement, file: File): Promise<void> {
  await act(() => {
    Object.defineProperty(input, 'files', { configurable: true, value: [file] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/**
 * Presses a key the way a user does: on the focused element (or `on`), as a cancelable keydown.
 * Returns whether the page handled it (called preventDefault).
 */
export async function press(key: string, init: KeyboardEventInit & { on?: Element } = {}): Promise<boolean> {
  const { on, ...rest } = init;
  const target = on ?? document.activeElement ?? document.body;
  let handled = false;
  await act(() => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...rest });
    target.dispatchEvent(event);
    handled = event.defaultPrevented;
  });
  // Let an IndexedDB transaction and the re-render settle.
  await settle();
  return handled;
}

export const settle = (ms = 30) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

/** Retries `assertion` until it passes (live queries and debounced saves settle asynchronously). */
export async function waitFor<T>(assertion: () => T | Promise<T>, timeout = 10_000): Promise<T> {
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
      await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    }
  }
}

export const sleep = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));
export const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
