import { useEffect, useState } from 'preact/hooks';

export interface NumberInputProps {
  id: string;
  value: number | null;
  /** A number, null when empty; `valid` false while the text is no number (the value is kept as it was). */
  onChange(value: number | null, valid: boolean): void;
  invalidText: string;
  testId?: string;
}

const parse = (text: string): number | null | undefined => {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  if (cleaned === '') return null;
  const n = Number(cleaned);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** An amount typed as people write it (spaces between thousands, a decimal comma); empty means open. */
export function NumberInput({ id, value, onChange, invalidText, testId }: NumberInputProps) {
  const [text, setText] = useState(value === null ? '' : String(value));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (parse(text) !== value) setText(value === null ? '' : String(value));
    // Only an outside change (a reset) rewrites the text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        data-testid={testId}
        onInput={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          const parsed = parse(next);
          setInvalid(parsed === undefined);
          onChange(parsed === undefined ? value : parsed, parsed !== undefined);
        }}
      />
      {invalid ? (
        <p class="field-error" id={`${id}-error`}>
          {invalidText}
        </p>
      ) : null}
    </>
  );
}
