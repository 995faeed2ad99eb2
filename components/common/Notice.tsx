import type { ComponentChildren } from 'preact';

/** A full-panel state: what is going on and what the user can do. */
export function Notice({ title, children, tone = 'info' }: { title: string; children?: ComponentChildren; tone?: 'info' | 'error' }) {
  return (
    <section class={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
