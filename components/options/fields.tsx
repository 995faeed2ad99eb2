import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useId, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import type { MessageKey } from '@/lib/i18n';
import type { IoError, IoErrorCode } from '@/lib/playbook-io/untrusted';
import { storageFailureText } from '@/lib/db/errors';
import type { Translate } from '@/lib/i18n';
import { detailText } from '@/lib/i18n/detail-text';

/** CRM names (brand names, but looked up like every other label). */
export const CRM_LABEL_KEYS = { pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot', salesforce: 'crm.salesforce' } as const satisfies Record<string, MessageKey>;

/** A failed write, named for the user (full disk, closed database, other). */
export function storageErrorText(t: Translate, error: unknown): string {
  return storageFailureText(t, error);
}

// Small form building blocks of the options page. Every field carries `data-path` (the playbook
// path it edits, as formatPath writes it), so a checker finding or a validation error can find
// and focus it, and shows the validation error for that path right next to it.

/** Validation issues of the draft, by formatted path. */
export const IssuesContext = createContext<ReadonlyMap<string, string>>(new Map());

/** The issue for `path` (exact), or for anything below it when `nested`. */
export function useIssue(path: string, nested = false): string | null {
  const issues = useContext(IssuesContext);
  const exact = issues.get(path);
  if (exact !== undefined) return exact;
  if (!nested) return null;
  for (const [key, message] of issues) if (key.startsWith(`${path}[`) || key.startsWith(`${path}.`)) return message;
  return null;
}

export const errorIdOf = (path: string) => `error-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function FieldError({ path, message }: { path: string; message: string | null }) {
  if (!message) return null;
  return (
    <p class="field-error" id={errorIdOf(path)} data-error-for={path}>
      {message}
    </p>
  );
}

interface FieldProps {
  label: string;
  path: string;
  hint?: string;
  nested?: boolean;
  children: (props: { id: string; 'data-path': string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ComponentChildren;
  class?: string;
}

/** A labelled control with its hint and its validation error. */
export function Field({ label, path, hint, nested, children, class: className }: FieldProps) {
  const id = useId();
  const issue = useIssue(path, nested);
  // Already names the field and says what is wrong, in the reader's language (lib/playbook/editor-issues.ts).
  const message = issue;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [hintId, message ? errorIdOf(path) : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${message ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'data-path': path, 'aria-invalid': Boolean(message), 'aria-describedby': describedBy })}
      {hint ? <p class="field-hint" id={hintId}>{hint}</p> : null}
      <FieldError path={path} message={message} />
    </div>
  );
}

type InputProps = { id: string; 'data-path': string; 'aria-invalid': boolean; 'aria-describedby': string | undefined; disabled?: boolean };

/**
 * A number input that keeps what the user typed (even "1.5" or "-") while the parsed number goes
 * to the draft; it follows the value when it changes from outside.
 */
export function NumberInput({ value, onValue, emptyValue, scale = 1, ...props }: InputProps & { value: number | null; onValue: (value: number) => void; emptyValue?: number | null; scale?: number; min?: number; max?: number; step?: number | string }) {
  const shown = (v: number | null) => (v === null || Number.isNaN(v) ? '' : String(Math.round(v * scale * 1e6) / 1e6));
  const [text, setText] = useState(shown(value));
  useEffect(() => {
    const parsed = parseNumber(text, emptyValue);
    const current = parsed === null ? null : parsed / scale;
    if (current !== value && !(Number.isNaN(current) && Number.isNaN(value))) setText(shown(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      {...props}
      type="number"
      inputMode="decimal"
      value={text}
      onInput={(event) => {
        const raw = event.currentTarget.value;
        setText(raw);
        const parsed = parseNumber(raw, emptyValue);
        onValue((parsed === null ? null : parsed / scale) as number);
      }}
    />
  );
}

/** '' → the empty value (null: "not set"; undefined: NaN, which the schema rejects with its message). */
function parseNumber(text: string, emptyValue: number | null | undefined): number | null {
  if (text.trim() === '') return emptyValue === undefined ? Number.NaN : emptyValue;
  return Number(text);
}

/** One entry per line; blank lines are dropped when read, but kept while typing. */
export function LinesInput({ value, onValue, ...props }: InputProps & { value: readonly string[]; onValue: (lines: string[]) => void; rows?: number }) {
  const [text, setText] = useState(value.join('\n'));
  useEffect(() => {
    if (!sameLines(linesOf(text), value)) setText(value.join('\n'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <textarea
      {...props}
      rows={props.rows ?? 2}
      value={text}
      onInput={(event) => {
        setText(event.currentTarget.value);
        onValue(linesOf(event.currentTarget.value));
      }}
    />
  );
}

const linesOf = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const sameLines = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((line, i) => line === b[i]);

/** A polite live region: what just happened (saved, moved, deleted…). */
export function LiveStatus({ children, testId, class: className }: { children: ComponentChildren; testId?: string; class?: string }) {
  return (
    <p class={className ?? 'live-status'} role="status" aria-live="polite" data-testid={testId}>
      {children}
    </p>
  );
}

/** The message of a file error: a localized headline plus the exact technical place. */
const IO_ERROR_KEYS: Record<IoErrorCode, MessageKey> = {
  tooLarge: 'options.io.tooLarge',
  empty: 'options.io.empty',
  invalidJson: 'options.io.invalidJson',
  truncated: 'options.io.truncated',
  forbiddenKey: 'options.io.forbiddenKey',
  tooDeep: 'options.io.tooDeep',
  notAnObject: 'options.io.notAnObject',
  wrongFormat: 'options.io.wrongFormat',
  unsupportedVersion: 'options.io.unsupportedVersion',
  invalid: 'options.io.invalid',
  unreadable: 'options.io.unreadable',
};

export function IoErrorMessage({ title, error }: { title: string; error: IoError }) {
  const { t, locale } = useI18n();
  return (
    <div class="io-error" role="alert" data-testid="io-error">
      <p><strong>{title}</strong></p>
      <p>{t(IO_ERROR_KEYS[error.code])}</p>
      <p class="io-error__detail" data-testid="io-error-detail">{t('options.io.detail', { detail: detailText(error, t, locale) })}</p>
      <p>{t('options.share.nothingChanged')}</p>
    </div>
  );
}
